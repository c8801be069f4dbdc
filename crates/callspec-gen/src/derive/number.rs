//! Number edges: each integer and number at its bounds, and the largest value its typed model takes.

use callspec_core::GeneratorInputs;

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn edges(generator: &mut Generator, slots: &[Slot], inputs: GeneratorInputs) {
    for slot in slots
        .iter()
        .filter(|s| s.shape.is("integer") || s.shape.is("number"))
    {
        let name = slot.name();
        let integer = slot.shape.is("integer");
        let mut values: Vec<(&str, String, Json)> = Vec::new();
        if let Some(min) = slot.shape.minimum {
            values.push((
                "smallest",
                format!("its minimum, {min}"),
                if integer { jj!(min as i64) } else { jj!(min) },
            ));
        } else {
            values.push(("zero", "zero".into(), jj!(0)));
            values.push(("negative", "a negative amount".into(), jj!(-0.0035)));
        }
        if integer {
            let largest = match slot.shape.maximum {
                Some(max) => max as u64,
                None => inputs
                    .integer_max
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(u64::MAX, |(_, max)| *max),
            };
            values.push((
                "largest",
                format!("the largest value the model takes, {largest}"),
                Json::U64(largest),
            ));
        } else {
            values.push((
                "largest",
                "the largest finite double, 1.7976931348623157e308".into(),
                jj!(f64::MAX),
            ));
            values.push((
                "largest-integer",
                "18446744073709551615 (u64::MAX)".into(),
                jj!(u64::MAX),
            ));
            values.push((
                "fractional",
                "a fractional amount, 0.0294".into(),
                jj!(0.0294),
            ));
            values.push((
                "tiny",
                "1e-7, which serializers write in exponent form".into(),
                jj!(1e-7),
            ));
            values.push((
                "float-with-zero-fraction",
                "20.0, a float with a zero fraction".into(),
                jj!(20.0),
            ));
        }
        for (what, description, value) in values {
            let path = slot.path.clone();
            generator.add(
                Kind::Edge,
                format!("{name}:{what}"),
                format!("`{name}` is {description}."),
                base_for(slot),
                move |_, body| {
                    set_all(body, &path, &value);
                    no_findings()
                },
            );
        }
    }
}
