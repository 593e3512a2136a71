//! What templates are given, made straight into Tera's values.

/// A template map from literal keys, written like `serde_json::json!`, made in
/// place: building JSON first and converting it afterwards copied every string
/// and map once more, a tenth of a large build. Values are anything
/// `Into<tera::Value>`; `None` becomes `none`.
macro_rules! view {
    ({ $($key:literal : $value:expr),* $(,)? }) => {
        tera::Value::from(std::collections::BTreeMap::<&'static str, tera::Value>::from([
            $(($key, tera::Value::from($value))),*
        ]))
    };
}

pub(crate) use view;
