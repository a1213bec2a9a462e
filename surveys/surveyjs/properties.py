"""Which SurveyJS properties the bridge reads, and which it leaves out with a note.

A property SurveyJS uses only to lay out, word or time a survey changes neither what is asked
nor what is stored, so an import drops it and lists it; a property that would change either is
read, or else refused by name. Each dropped property names what it was for, so the note tells a
researcher what they will not see here.
"""

from __future__ import annotations

DISPLAY = "display only"
WORDING = "SurveyJS's own button and message texts"
THANKS = "the thank-you page"
QUIZ = "quiz scoring"
TIMER = "time limits"
NAVIGATION = "how SurveyJS moves between pages"
HOSTING = "SurveyJS's hosting and storage settings"


def _each(reason: str, *names: str) -> dict[str, str]:
    return dict.fromkeys(names, reason)


#: Survey-level properties an import leaves out, with what each was for.
SURVEY_DROPPED: dict[str, str] = {
    **_each(
        DISPLAY, "showProgressBar", "progressBarLocation", "progressBarType",
        "progressBarShowPageTitles", "progressBarShowPageNumbers", "progressBarInheritWidthFrom",
        "showQuestionNumbers", "questionTitleLocation", "questionDescriptionLocation",
        "questionErrorLocation", "questionTitlePattern", "questionTitleTemplate",
        "questionStartIndex", "requiredMark", "showPageTitles", "showPageNumbers",
        "showTitle", "logo", "logoWidth", "logoHeight", "logoFit", "logoPosition", "widthMode",
        "width", "fitToContainer", "headerView", "backgroundImage", "backgroundImageFit",
        "backgroundImageAttachment", "backgroundOpacity", "showBrandInfo", "showTOC",
        "tocLocation", "tocItemComponent", "gridLayoutEnabled", "matrixDragHandleArea",
        "autoGrowComment", "allowResizeComment", "commentAreaRows", "questionsOnPageMode",
        "isSinglePage", "questionOrder", "textUpdateMode", "theme", "themeName",
    ),
    **_each(
        WORDING, "startSurveyText", "pagePrevText", "pageNextText", "completeText",
        "previewText", "editText",
    ),
    **_each(
        THANKS, "completedHtml", "completedHtmlOnCondition", "completedBeforeHtml",
        "loadingHtml", "showCompletePage", "navigateToUrl",
        "navigateToUrlOnCondition",
    ),
    **_each(
        TIMER, "showTimer", "showTimerPanel", "timerLocation", "timerInfoMode", "timeLimit",
        "timeLimitPerPage",
    ),
    **_each(
        NAVIGATION, "showNavigationButtons", "navigationButtonsLocation", "showPrevButton",
        "autoAdvanceEnabled", "autoAdvanceAllowComplete",
        "firstPageIsStartPage",
        "showPreviewBeforeComplete", "previewMode", "checkErrorsMode", "validateVisitedEmptyFields",
        "autoFocusFirstQuestion", "autoFocusFirstError",
    ),
    **_each(
        HOSTING, "surveyId", "surveyPostId", "surveyShowDataSaving", "cookieName",
        "partialSendEnabled", "sjsVersion", "$schema",
        "storeOthersAsComment",
    ),
}  # fmt: skip

#: Page-level properties an import leaves out.
PAGE_DROPPED: dict[str, str] = {
    **_each(
        DISPLAY, "navigationTitle", "navigationDescription", "questionTitleLocation",
        "questionOrder", "maxWidth", "minWidth", "width", "state",
        "showQuestionNumbers",
    ),
    **_each(NAVIGATION, "showNavigationButtons"),
    **_each(TIMER, "timeLimit"),
}  # fmt: skip

#: Element properties an import leaves out, whatever the element.
ELEMENT_DROPPED: dict[str, str] = {
    **_each(
        DISPLAY, "width", "minWidth", "maxWidth", "startWithNewLine", "indent", "colSpan",
        "effectiveColSpan", "titleLocation", "descriptionLocation", "hideNumber", "showNumber",
        "errorLocation", "colCount", "placeholder", "autoGrow", "allowResize",
        "rows", "cols", "renderAs", "state", "innerIndent", "showQuestionNumbers",
        "questionTitleLocation", "displayMode", "scaleColorMode", "rateColorMode",
        "rateDescriptionLocation", "displayRateDescriptionsAsExtremeItems", "itemComponent",
        "useDisplayValuesInDynamicTexts", "separateSpecialChoices", "hideIfChoicesEmpty",
        "autocomplete", "allowClear", "searchEnabled", "searchMode", "textWrapEnabled",
        "inputSize", "hideSelectedItems", "closeOnSelect",
    ),
    # What only shows a repeating group (``matrixdynamic``, ``paneldynamic``) and its buttons.
    **_each(
        DISPLAY, "addRowLocation", "horizontalScroll", "columnMinWidth", "columnColCount",
        "columnLayout", "showHeader", "verticalAlign", "alternateRows", "detailPanelMode",
        "hideColumnsIfEmpty", "transposeData", "showFooter", "templateTitle",
        "templateTabTitle", "templateDescription", "renderMode", "panelsState",
        "showRangeInProgress", "tabAlign", "panelRemoveButtonLocation",
        "removePanelButtonLocation", "confirmDelete",
    ),
    **_each(
        WORDING, "addRowText", "removeRowText", "emptyRowsText", "noRowsText", "panelAddText",
        "panelRemoveText", "panelPrevText", "panelNextText", "noEntriesText",
        "confirmDeleteText", "addPanelText", "removePanelText",
    ),
    **_each(WORDING, "requiredErrorText", "otherErrorText", "commentPlaceholder"),
    **_each(QUIZ, "correctAnswer"),
    **_each(TIMER, "timeLimit"),
}  # fmt: skip

#: What only shows a file question or a signature pad (previews, sizes, colours, placeholders,
#: camera access) or waits for an upload server: left out of what is asked and stored.
FILE_DROPPED: dict[str, str] = {
    **_each(
        DISPLAY, "showPreview", "allowImagesPreview", "imageHeight", "imageWidth",
        "needConfirmRemoveFile", "sourceType", "allowCameraAccess", "signatureWidth",
        "signatureHeight", "signatureAutoScaleEnabled", "penMinWidth", "penMaxWidth", "height",
        "showPlaceholder", "placeholderReadOnly", "backgroundImage", "penColor",
        "backgroundColor", "showCommentArea",
    ),
    **_each(WORDING, "fileOrPhotoPlaceholder", "photoPlaceholder", "filePlaceholder",
            "confirmRemoveMessage", "confirmRemoveAllMessage", "noFileChosenCaption",
            "chooseButtonCaption", "clearButtonCaption", "removeFileCaption"),
    **_each("an upload server's timing (files are stored with the answer here)",
            "waitForUpload"),
}  # fmt: skip

#: Element types that show something but ask nothing: an import leaves them out with a note.
DISPLAY_ELEMENTS: dict[str, str] = {
    "html": "a block of text or HTML",
    "image": "an image or video",
    "expression": "a calculated value shown to the respondent",
}

#: Properties the bridge itself reads on every question (the kinds read the rest).
QUESTION_COMMON = frozenset(
    {"type", "name", "title", "description", "isRequired", "requiredIf", "visibleIf", "visible",
     "valueName"}
)  # fmt: skip

#: Properties of a panel the bridge reads: its title becomes the questions' group title.
PANEL_READ = frozenset(
    {"type", "name", "title", "description", "elements", "questions", "visibleIf", "visible"}
)

#: Properties of a page the bridge reads.
PAGE_READ = frozenset(
    {"name", "title", "description", "elements", "questions", "visibleIf", "visible"}
)

#: Survey properties the bridge reads.
SURVEY_READ = frozenset(
    {"title", "description", "pages", "elements", "questions", "locale", "triggers",
     "calculatedValues", "clearInvisibleValues"}
)  # fmt: skip
