//! proptest integration: a [`GenStrategy`] draws a payload from a seeded, recorded choice
//! sequence, and its value tree shrinks by simplifying that sequence (deleting choices, setting
//! them to 0, halving, decrementing) and replaying it. Choice 0 is always the simplest option
//! (the first catalog case, an absent optional field, the first enum value, the earliest
//! instant), so shrinking ends at a minimal failing payload without a shrinker per type.

use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use crate::draw::{Choice, Draw};
use crate::generator::Generator;
use crate::kind::Kind;
use crate::payload::Generated;

/// A proptest strategy for one resource and kind (optionally one named case).
#[derive(Debug, Clone, Copy)]
pub struct GenStrategy {
    generator: &'static Generator,
    kind: Kind,
    case: Option<usize>,
}

impl GenStrategy {
    pub(crate) fn new(generator: &'static Generator, kind: Kind, case: Option<usize>) -> Self {
        Self {
            generator,
            kind,
            case,
        }
    }

    /// The resource id.
    pub fn resource(&self) -> &'static str {
        self.generator.id
    }

    /// The kind of payload.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    fn run(&self, draw: &mut Draw) -> Generated {
        self.generator.generate(self.kind, self.case, draw)
    }

    fn replay(&self, choices: &[u64]) -> (Generated, Vec<u64>) {
        let mut draw = Draw::replay(choices.to_vec());
        let generated = self.run(&mut draw);
        let used = draw.into_log().iter().map(|c| c.value).collect();
        (generated, used)
    }
}

impl Strategy for GenStrategy {
    type Tree = ChoiceTree;
    type Value = Generated;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        // proptest's own u64 strategy reads the runner's RNG, so runs replay with its seed.
        let seed = proptest::arbitrary::any::<u64>()
            .new_tree(runner)?
            .current();
        let mut draw = Draw::recording(seed);
        let current = self.run(&mut draw);
        let accepted = draw.into_log().iter().map(|c: &Choice| c.value).collect();
        Ok(ChoiceTree {
            strategy: *self,
            accepted,
            current,
            trial: None,
            index: 0,
            step: 0,
            progressed: false,
        })
    }
}

/// The value tree of a [`GenStrategy`]: the choice sequence of the simplest payload known to
/// fail, and the simplification being tried.
#[derive(Debug, Clone)]
pub struct ChoiceTree {
    strategy: GenStrategy,
    accepted: Vec<u64>,
    current: Generated,
    trial: Option<(Vec<u64>, Generated)>,
    index: usize,
    step: u8,
    progressed: bool,
}

impl ChoiceTree {
    fn candidate(&self) -> Option<Vec<u64>> {
        let i = self.index;
        let v = *self.accepted.get(i)?;
        let mut c = self.accepted.clone();
        match self.step {
            0 => {
                c.remove(i);
            }
            1 if v > 0 => c[i] = 0,
            2 if v > 1 => c[i] = v / 2,
            3 if v > 0 => c[i] = v - 1,
            _ => return None,
        }
        Some(c)
    }

    /// Moves to the next simplification that changes the payload; false when none is left.
    fn next_trial(&mut self) -> bool {
        loop {
            if self.index >= self.accepted.len() {
                if !self.progressed {
                    return false;
                }
                self.progressed = false;
                self.index = 0;
                self.step = 0;
                continue;
            }
            if self.step > 3 {
                self.index += 1;
                self.step = 0;
                continue;
            }
            let candidate = self.candidate();
            self.step += 1;
            let Some(candidate) = candidate else {
                continue;
            };
            let (generated, used) = self.strategy.replay(&candidate);
            if used != self.accepted {
                self.trial = Some((used, generated));
                return true;
            }
        }
    }
}

impl ValueTree for ChoiceTree {
    type Value = Generated;

    fn current(&self) -> Generated {
        match &self.trial {
            Some((_, generated)) => generated.clone(),
            None => self.current.clone(),
        }
    }

    fn simplify(&mut self) -> bool {
        if let Some((choices, generated)) = self.trial.take() {
            // The trial still fails: it is the new simplest failing payload. Try the same
            // position again from its first simplification.
            self.accepted = choices;
            self.current = generated;
            self.progressed = true;
            self.step = 0;
        }
        self.next_trial()
    }

    fn complicate(&mut self) -> bool {
        // The trial passed: drop it and try the next simplification.
        self.trial = None;
        self.next_trial()
    }
}
