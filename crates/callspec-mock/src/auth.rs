//! Authentication as each provider does it: the scheme comes from the catalog (`Endpoint::auth`:
//! Basic for Bandwidth, Catapult, Apifonica and SignalWire, Bearer for Vonage). With a
//! credentials file the credential is checked by value for the account in the path; without
//! one, any well-formed credential of the right scheme is accepted and bound to the first
//! account it is used with, so a client that mixes up accounts still gets its 401.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use base64::Engine as _;
use callspec::core::Auth;
use serde::Deserialize;

use crate::error::ConfigError;

/// One credential of the credentials file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The API: `bandwidth/voice-v2`, `bandwidth/catapult-v1`, `apifonica/v2`,
    /// `signalwire/laml-2010-04-01` or `vonage/v0`.
    pub api: String,
    /// The account (user, project) in the path the credential is for.
    pub account: String,
    /// Basic: the user name.
    #[serde(default)]
    pub username: Option<String>,
    /// Basic: the password.
    #[serde(default)]
    pub password: Option<String>,
    /// Bearer: the token.
    #[serde(default)]
    pub token: Option<String>,
}

/// The credentials file: a JSON array of [`Credential`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials(pub Vec<Credential>);

impl Credentials {
    /// Reads a credentials file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::CredentialsIo {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str::<Vec<Credential>>(&text)
            .map(Credentials)
            .map_err(|e| ConfigError::CredentialsFormat {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })
    }
}

/// What the client presented, once well-formed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Presented {
    Basic(String, String),
    Bearer(String),
}

/// The authentication state of a running mock.
#[derive(Debug, Default)]
pub(crate) struct Authenticator {
    file: Option<Credentials>,
    /// Without a file: (api, credential) -> the account it was first used with.
    bound: Mutex<HashMap<(String, Presented), String>>,
}

impl Authenticator {
    pub(crate) fn new(file: Option<Credentials>) -> Self {
        Self {
            file,
            bound: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` when `authorization` lets a client read `account` of `api`, else why not.
    pub(crate) fn check(
        &self,
        api: &str,
        scheme: Auth,
        account: &str,
        authorization: Option<&str>,
    ) -> Result<(), String> {
        let presented = parse(scheme, authorization)?;
        match &self.file {
            Some(file) => {
                let ok = file.0.iter().any(|c| {
                    c.api == api
                        && c.account == account
                        && match &presented {
                            Presented::Basic(u, p) => {
                                c.username.as_deref() == Some(u) && c.password.as_deref() == Some(p)
                            }
                            Presented::Bearer(t) => c.token.as_deref() == Some(t),
                        }
                });
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "the credentials are not valid for account {account}"
                    ))
                }
            }
            None => {
                let mut bound = self.bound.lock().unwrap_or_else(|e| e.into_inner());
                // Bounded: a client cycling through credentials cannot grow the map forever.
                if bound.len() >= 100_000 {
                    bound.clear();
                }
                let first = bound
                    .entry((api.to_owned(), presented))
                    .or_insert_with(|| account.to_owned());
                if first == account {
                    Ok(())
                } else {
                    Err(format!(
                        "these credentials belong to another account than {account}"
                    ))
                }
            }
        }
    }
}

fn parse(scheme: Auth, authorization: Option<&str>) -> Result<Presented, String> {
    let Some(value) = authorization else {
        return Err(format!(
            "the request carries no Authorization header; this API uses {}",
            scheme.scheme()
        ));
    };
    let (name, rest) = value
        .trim()
        .split_once([' ', '\t'])
        .unwrap_or((value.trim(), ""));
    if !name.eq_ignore_ascii_case(scheme.scheme()) {
        return Err(format!(
            "the Authorization header does not use the {} scheme",
            scheme.scheme()
        ));
    }
    let rest = rest.trim();
    match scheme {
        Auth::Basic => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(rest)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or("the Basic credentials are not base64 of UTF-8 text")?;
            match decoded.split_once(':') {
                Some((user, password)) if !user.is_empty() => {
                    Ok(Presented::Basic(user.to_owned(), password.to_owned()))
                }
                _ => Err("the Basic credentials are not `user:password`".to_owned()),
            }
        }
        Auth::Bearer => {
            let token68 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b);
            if !rest.is_empty() && rest.bytes().all(token68) {
                Ok(Presented::Bearer(rest.to_owned()))
            } else {
                Err("the Bearer token is empty or not a token68".to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user_pass: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(user_pass)
        )
    }

    #[test]
    fn binds_to_the_first_account() {
        let auth = Authenticator::new(None);
        let b = basic("u:p");
        assert!(auth.check("x", Auth::Basic, "1", Some(&b)).is_ok());
        assert!(auth.check("x", Auth::Basic, "1", Some(&b)).is_ok());
        assert!(auth.check("x", Auth::Basic, "2", Some(&b)).is_err());
        assert!(auth.check("y", Auth::Basic, "2", Some(&b)).is_ok());
        assert!(auth.check("x", Auth::Basic, "1", None).is_err());
        assert!(auth.check("x", Auth::Basic, "1", Some("Bearer t")).is_err());
        assert!(auth.check("x", Auth::Basic, "1", Some("Basic !!")).is_err());
        assert!(
            auth.check("v", Auth::Bearer, "1", Some("Bearer abc.def"))
                .is_ok()
        );
        assert!(auth.check("v", Auth::Bearer, "1", Some("Bearer ")).is_err());
    }

    #[test]
    fn checks_the_file_by_value() {
        let file = Credentials(vec![Credential {
            api: "vonage/v0".into(),
            account: "k".into(),
            username: None,
            password: None,
            token: Some("good".into()),
        }]);
        let auth = Authenticator::new(Some(file));
        assert!(
            auth.check("vonage/v0", Auth::Bearer, "k", Some("Bearer good"))
                .is_ok()
        );
        assert!(
            auth.check("vonage/v0", Auth::Bearer, "k", Some("Bearer bad"))
                .is_err()
        );
        assert!(
            auth.check("vonage/v0", Auth::Bearer, "j", Some("Bearer good"))
                .is_err()
        );
    }
}
