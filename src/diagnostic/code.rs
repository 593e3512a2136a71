//! A stable code for every kind of problem, shown with each message and
//! explained in docs/errors.md, so staff can look up what a message means.

use super::Severity;

macro_rules! codes {
    ($($name:ident = $id:literal, $title:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($name,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$name,)*];

            /// `E012`, `W003`: the heading of the entry in docs/errors.md.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$name => $id,)*
                }
            }

            /// What the entry in docs/errors.md is about.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$name => $title,)*
                }
            }
        }
    };
}

codes! {
    // Reading files.
    NotUtf8 = "E001", "the file is not UTF-8 text";
    TooLarge = "E002", "the file is too large";
    Symlink = "E003", "a symbolic link";
    Unreadable = "E004", "a file or folder cannot be read";
    UnknownFolder = "E005", "a folder hyoka does not read";
    NestedFolder = "E006", "a folder nested too deep";
    LooseFile = "E007", "a file directly under content/";
    BadFileName = "E008", "a file name that cannot be an id";
    SpecialFile = "E009", "a pipe, socket, device or folder where a file belongs";
    // YAML syntax.
    Syntax = "E101", "YAML syntax error";
    Tab = "E102", "a tab used for indentation";
    Quote = "E103", "a quote that is not closed";
    DuplicateKey = "E104", "a field written twice";
    TooComplex = "E105", "nesting or aliases beyond the limits";
    // Fields and their types.
    UnknownField = "E201", "an unknown field";
    WrongType = "E202", "a value of the wrong type";
    MissingField = "E203", "a required field is missing";
    UnknownValue = "E204", "a value that is not one of the allowed words";
    EmptyText = "E205", "required text left empty";
    UnclosedComment = "E206", "an HTML comment that is never closed";
    // Checks across fields and files.
    FiscalYear = "E301", "fiscal_year disagrees with the folder";
    DuplicateSection = "E302", "a section written twice in one year";
    DuplicateRank = "E303", "two goals with the same rank";
    UnknownGrade = "E304", "a grade that is not on the site's scale";
    UnknownProgress = "E305", "a progress mark that is not on the site's scale";
    UnknownPlanType = "E306", "a plan type that site.yaml does not define";
    UnknownPlan = "E307", "a plan that does not exist";
    UnknownPlanItem = "E308", "a plan item that does not exist";
    UnknownKpi = "E309", "a KPI series that does not exist";
    BadDate = "E310", "a date that does not exist";
    UnitMismatch = "E311", "a value in another unit than the indicator's";
    DuplicatePlanItem = "E312", "a plan item id used twice";
    DuplicateCode = "E313", "a grade, progress mark or plan type defined twice";
    BadPeriod = "E314", "a KPI period that ends before it starts";
    UnknownLanguage = "E315", "a language the theme has no words for";
    MissingTheme = "E316", "a theme folder that does not exist";
    DateFormat = "E317", "a date not written as YYYY-MM or YYYY-MM-DD";
    BadCategoryId = "E318", "a category axis or category id that cannot be used";
    UnknownCategory = "E319", "a category that site.yaml does not define";
    PlanLevels = "E320", "a plan whose levels are not named, or named twice";
    PlanTooDeep = "E321", "a plan item deeper than the levels the plan names";
    Template = "E401", "a theme template error";
    // Writing the output.
    ForeignOutput = "E501", "an output folder hyoka did not write";
    OutputHoldsSources = "E502", "an output folder that would replace the site's own files";
    // Links between years.
    BadGoalId = "E601", "a goal id that cannot be a web address";
    DuplicateGoalId = "E602", "a goal id given to two goals of one year";
    ContinuesWithoutId = "E603", "a goal that continues another without an id";
    DanglingLink = "E604", "a continues link that leads to no earlier year";
    DoubledLink = "E605", "a continues link written twice or to a goal still running";
    ReusedGoalId = "E606", "a goal id used again after it was continued";
    DuplicateYear = "E607", "a fiscal year given twice in an indicator's values or targets";
    FutureValue = "E608", "an actual value of a year after the report's";
    ConflictingFigures = "E609", "one year's figure written twice, differently";
    // Previewing.
    ForeignHost = "E701", "a request to the preview under another name";
    // Warnings: the build goes on.
    NotYaml = "W001", "a file that is not YAML";
    MetButMissed = "W002", "the grade says met, the numbers say missed";
    MissedButMet = "W003", "the grade says missed, the numbers say met";
    ProgressWithoutStatus = "W004", "a progress mark without a first-half status";
    OutsidePeriod = "W005", "a KPI point outside its series' period";
    PointOrder = "W006", "KPI points out of date order";
    NumberAsText = "W007", "a number written as text";
    NoUnit = "W008", "a numeric indicator without a unit";
    OutputBusy = "W009", "another build is writing the same output";
    TooManyProblems = "W010", "a file with more problems than one run lists";
    DepartmentWithoutSections = "W011", "a department file in a year without sections";
    RemovedHtml = "W012", "HTML the page leaves out with the text inside it";
    MissingTranslation = "W013", "a label without text in the site's language";
    HiddenDefinition = "W014", "a line Markdown reads as a link definition, left off the page";
}

impl Code {
    pub fn severity(self) -> Severity {
        if self.id().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}
