//! Null versus absent: each optional field absent, each nullable field null.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn edges(generator: &mut Generator, slots: &[Slot]) {
    for slot in slots.iter().filter(|s| s.is_member()) {
        let name = slot.name();
        let path = slot.path.clone();
        if !slot.required {
            let p = path.clone();
            generator.add(
                Kind::Edge,
                format!("{name}:absent"),
                format!("`{name}` is absent: the field is optional."),
                Base::Rich,
                move |_, body| {
                    for place in places(body, &p) {
                        remove(body, &place);
                    }
                    no_findings()
                },
            );
        }
        if slot.shape.nullable {
            let p = path.clone();
            generator.add(
                Kind::Edge,
                format!("{name}:null"),
                format!("`{name}` is null, which the contract allows."),
                Base::Rich,
                move |_, body| {
                    set_all(body, &p, &Json::Null);
                    no_findings()
                },
            );
        }
    }
}
