//! The one vocabulary entries are written in, whatever the language of the policy.
use serde::{Deserialize, Serialize};

/// The canonical fields a table column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Name,
    Provider,
    Purpose,
    Function,
    Duration,
    Category,
    Domain,
    Type,
    Party,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Name,
        Field::Provider,
        Field::Purpose,
        Field::Function,
        Field::Duration,
        Field::Category,
        Field::Domain,
        Field::Type,
        Field::Party,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Provider => "provider",
            Field::Purpose => "purpose",
            Field::Function => "function",
            Field::Duration => "duration",
            Field::Category => "category",
            Field::Domain => "domain",
            Field::Type => "type",
            Field::Party => "party",
        }
    }

    pub(crate) fn parse(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == key)
    }
}

/// The one category vocabulary, whatever the language of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Necessary,
    Preferences,
    Statistics,
    Marketing,
    Unclassified,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::Necessary, Category::Preferences, Category::Statistics, Category::Marketing, Category::Unclassified];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Preferences => "preferences",
            Category::Statistics => "statistics",
            Category::Marketing => "marketing",
            Category::Unclassified => "unclassified",
        }
    }

    pub(crate) fn parse(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    First,
    Third,
}

/// What a declaration stores: an HTTP cookie, or storage a policy lists beside its cookies
/// (ePrivacy art. 5(3) covers them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Cookie,
    LocalStorage,
    SessionStorage,
    Pixel,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Cookie, Kind::LocalStorage, Kind::SessionStorage, Kind::Pixel, Kind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cookie => "cookie",
            Kind::LocalStorage => "local-storage",
            Kind::SessionStorage => "session-storage",
            Kind::Pixel => "pixel",
            Kind::Other => "other",
        }
    }
}

/// Where an entry's field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldSource {
    /// The section heading above the table or list, or the line introducing it.
    Heading,
    /// The declaration's own row: a column, or a part of its list item or of the lines under it.
    Column,
    /// The row's own description, when it opens by classifying the cookie ("technical consent
    /// cookie") and neither a column nor a heading gives a category.
    Description,
    /// The known-cookies knowledge base, when the document gives none.
    Knowledge,
}

/// Where an entry's category came from (the first field that had a source).
pub type CategorySource = FieldSource;
