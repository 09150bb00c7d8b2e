//! Study levels accepted by an offer (Bac+2 … Bac+5).

use serde::{Deserialize, Serialize};

pub const LEVELS: [u8; 4] = [2, 3, 4, 5];

/// The form field of a level's checkbox, in every form that asks for levels.
pub fn level_field(level: u8) -> &'static str {
    match level {
        2 => "level_2",
        3 => "level_3",
        4 => "level_4",
        _ => "level_5",
    }
}

/// A non-empty set of levels, stored as a bit mask (bit 0 = Bac+2 … bit 3 = Bac+5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelSet(u8);

impl LevelSet {
    pub const ALL: LevelSet = LevelSet(0b1111);

    /// Builds a set from levels such as `[3, 5]`; refuses an empty set or an unknown level.
    pub fn from_levels(levels: &[u8]) -> Result<Self, String> {
        let mut mask = 0u8;
        for &level in levels {
            if !LEVELS.contains(&level) {
                return Err(format!(
                    "Le niveau Bac+{level} n'existe pas (Bac+2 à Bac+5)."
                ));
            }
            mask |= 1 << (level - 2);
        }
        if mask == 0 {
            return Err("Choisissez au moins un niveau d'études.".into());
        }
        Ok(Self(mask))
    }

    /// From the four checkboxes of a form (`level_2` … `level_5`; ticked when not empty).
    pub fn from_checkboxes(boxes: [&str; 4]) -> Result<Self, String> {
        let chosen: Vec<u8> = LEVELS
            .into_iter()
            .zip(boxes)
            .filter(|(_, value)| !value.is_empty())
            .map(|(level, _)| level)
            .collect();
        Self::from_levels(&chosen)
    }

    /// The four checkboxes of a form showing the set: "on" or empty, Bac+2 first.
    pub fn checkboxes(self) -> [String; 4] {
        LEVELS.map(|level| {
            if self.contains(level) {
                "on".to_string()
            } else {
                String::new()
            }
        })
    }

    pub fn from_mask(mask: i64) -> Option<Self> {
        u8::try_from(mask)
            .ok()
            .filter(|m| (1..=15).contains(m))
            .map(Self)
    }

    pub fn mask(self) -> i64 {
        i64::from(self.0)
    }

    /// Every level of the set is one of `accepted`.
    pub fn within(self, accepted: LevelSet) -> bool {
        self.0 & !accepted.0 == 0
    }

    pub fn contains(self, level: u8) -> bool {
        (2..=5).contains(&level) && self.0 & (1 << (level - 2)) != 0
    }

    pub fn levels(self) -> impl Iterator<Item = u8> {
        LEVELS.into_iter().filter(move |&l| self.contains(l))
    }

    /// "Bac+3 à Bac+5", "Bac+2, Bac+4", "Bac+5".
    pub fn label(self) -> String {
        let levels: Vec<u8> = self.levels().collect();
        let contiguous = levels.windows(2).all(|w| w[1] == w[0] + 1);
        match levels.as_slice() {
            [only] => format!("Bac+{only}"),
            [first, .., last] if contiguous => format!("Bac+{first} à Bac+{last}"),
            _ => levels
                .iter()
                .map(|l| format!("Bac+{l}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes_read_and_show_a_set() {
        let set = LevelSet::from_checkboxes(["", "on", "", "on"]).unwrap();
        assert_eq!(set.levels().collect::<Vec<_>>(), vec![3, 5]);
        assert_eq!(set.checkboxes(), ["", "on", "", "on"].map(String::from));
        assert!(LevelSet::from_checkboxes(["", "", "", ""]).is_err());
        let accepted = LevelSet::from_levels(&[3, 4, 5]).unwrap();
        assert!(set.within(accepted));
        assert!(!LevelSet::ALL.within(accepted));
    }

    #[test]
    fn builds_and_labels_sets() {
        let set = LevelSet::from_levels(&[3, 4, 5]).unwrap();
        assert!(set.contains(4) && !set.contains(2));
        assert_eq!(set.label(), "Bac+3 à Bac+5");
        assert_eq!(
            LevelSet::from_levels(&[2, 4]).unwrap().label(),
            "Bac+2, Bac+4"
        );
        assert_eq!(LevelSet::from_levels(&[5]).unwrap().label(), "Bac+5");
        assert_eq!(LevelSet::from_mask(set.mask()), Some(set));
    }

    #[test]
    fn refuses_empty_and_unknown_levels() {
        assert!(LevelSet::from_levels(&[]).is_err());
        assert!(LevelSet::from_levels(&[6]).is_err());
        assert_eq!(LevelSet::from_mask(0), None);
        assert_eq!(LevelSet::from_mask(16), None);
    }
}
