//! Keeping secrets and personal data out of output. Every byte callspec writes about a record
//! passes the report stage ([`crate::report`]), which builds a [`Redactor`] from the record's
//! [`Secrets`] and applies it to every field before any format sees it; formats then make the
//! text safe for where it goes ([`sanitize`]).
//!
//! What is removed (replaced by [`REDACTED`]):
//!
//! - the record's credentials, wherever they appear in the output: values of secret headers
//!   ([`is_secret_header`]) with the credential after an `Authorization` scheme and the decoded
//!   user and password of `Basic`; cookie and `Set-Cookie` values; URL userinfo however the URL
//!   is spelled ([`Url::parse`]) with its user and password; values of secret query, fragment and
//!   path parameters ([`SECRET_QUERY_NAMES`], [`is_secret_query_param`]); values of secret body
//!   fields ([`SECRET_BODY_KEYS`], [`is_secret_key`]). Secrets shorter than [`MIN_SEARCHED`]
//!   characters are removed where found, not searched for elsewhere;
//! - in any text: URL userinfo and secret URL parameters, and the values of secret fields in
//!   JSON text;
//! - quoted input in error messages of the readers ([`without_quoted`]).
//!
//! What is masked unless `--show-values`: phone numbers ([`mask_phones_in_text`]).

mod names;
mod phone;
pub mod sanitize;
mod secrets;
mod url;

pub use names::{
    SECRET_BODY_KEYS, SECRET_QUERY_NAMES, is_secret_header, is_secret_key, is_secret_param_raw,
    is_secret_query_param,
};
pub use phone::{mask_phone, mask_phones_in_text};
pub use secrets::{MIN_SEARCHED, Redactor, Secrets};
pub use url::{Url, redact_url};

/// What a secret value is replaced with.
pub const REDACTED: &str = "***";

/// What each masked digit of a phone number is replaced with.
pub const MASK: char = '•';

/// The value to show for header `name`: [`REDACTED`] when [`is_secret_header`], else `value`.
#[must_use]
pub fn redact_header<'a>(name: &str, value: &'a str) -> &'a str {
    if is_secret_header(name) {
        REDACTED
    } else {
        value
    }
}

/// An error message of a parser (serde's) without the input it quotes: everything from the
/// first quote (`"` or a backtick) to the last becomes `…`, so ``invalid type: string
/// "Authorization: Bearer x", expected a sequence`` reads `invalid type: string …, expected a
/// sequence`. A message may quote a credential it found where it expected something else.
#[must_use]
pub fn without_quoted(message: &str) -> String {
    let quote = |c: char| c == '"' || c == '`';
    match (message.find(quote), message.rfind(quote)) {
        (Some(first), Some(last)) => {
            format!("{}…{}", &message[..first], &message[last + 1..])
        }
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_lose_their_quotes() {
        assert_eq!(
            without_quoted(
                r#"invalid type: string "Authorization: Bearer x\"y", expected a sequence"#
            ),
            "invalid type: string …, expected a sequence"
        );
        assert_eq!(
            without_quoted("invalid type: integer `123`, expected u16"),
            "invalid type: integer …, expected u16"
        );
        assert_eq!(without_quoted("missing field"), "missing field");
        assert_eq!(redact_header("Authorization", "Basic x"), REDACTED);
        assert_eq!(redact_header("Accept", "a/b"), "a/b");
    }
}
