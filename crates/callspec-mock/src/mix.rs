//! The server-wide mix (`--mix valid=0.8,edge=0.15,drift=0.05`): which kind of payload a call
//! id gets when no request names one, decided by the call's hash so a call keeps its kind.

use callspec_gen::Kind;

use crate::error::ConfigError;

/// Weights per kind, normalized to sum to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    weights: Vec<(Kind, f64)>,
}

impl Mix {
    /// The kind for a fraction `u` in `[0, 1)`.
    pub(crate) fn pick(&self, u: f64) -> Kind {
        let mut acc = 0.0;
        for (kind, weight) in &self.weights {
            acc += weight;
            if u < acc {
                return *kind;
            }
        }
        self.weights.last().map_or(Kind::Valid, |(k, _)| *k)
    }
}

impl std::str::FromStr for Mix {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let bad = |why: String| ConfigError::Mix {
            value: s.to_owned(),
            why,
        };
        let mut weights = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, weight) = part
                .split_once('=')
                .ok_or_else(|| bad(format!("`{part}` is not `kind=weight`")))?;
            let kind: Kind = kind.trim().parse().map_err(|e| bad(format!("{e}")))?;
            let weight: f64 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| bad(format!("`{weight}` is not a non-negative number")))?;
            if weights.iter().any(|(k, _)| *k == kind) {
                return Err(bad(format!("`{kind}` is given twice")));
            }
            weights.push((kind, weight));
        }
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return Err(bad("the weights sum to 0".to_owned()));
        }
        for (_, w) in &mut weights {
            *w /= total;
        }
        Ok(Mix { weights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_picks() {
        let mix: Mix = "valid=0.8,edge=0.15,drift=0.05".parse().unwrap();
        assert_eq!(mix.pick(0.0), Kind::Valid);
        assert_eq!(mix.pick(0.85), Kind::Edge);
        assert_eq!(mix.pick(0.99), Kind::Drift);
        assert!("valid=x".parse::<Mix>().is_err());
        assert!("sometimes=1".parse::<Mix>().is_err());
        assert!("valid=0".parse::<Mix>().is_err());
        assert!("valid=1,valid=2".parse::<Mix>().is_err());
    }
}
