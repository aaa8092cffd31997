//! Public codes that must not be guessable (inspection codes, 检查码).

use rand::Rng;

/// Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A random code like `JC-7KQ2-M9XD-4HTA`: 60 bits from the OS generator, grouped for
/// reading over the phone. Not derived from any id or sequence.
pub fn inspection_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..12).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("JC-{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

/// A random tip tracking code like `JB-K7M2QX9R4T`: 50 bits, not sequential.
pub fn tip_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("JB-{chars}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_well_formed_and_distinct() {
        let a = inspection_code();
        assert_eq!(a.len(), "JC-XXXX-XXXX-XXXX".len());
        assert!(a[3..].chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        let many: std::collections::HashSet<_> = (0..1000).map(|_| inspection_code()).collect();
        assert_eq!(many.len(), 1000);
    }
}
