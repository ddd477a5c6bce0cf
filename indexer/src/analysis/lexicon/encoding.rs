//! How one lexicon entry is packed into the FST's `u64` value. Shared by `build.rs`, which
//! writes the values, and the analyzer, which reads them.
//!
//! ```text
//! bits  0..5   form flags (BEGIN, MIDDLE, END, STANDALONE, ADJECTIVE)
//! bits  5..34  first lemma: byte offset (23 bits) and length (6 bits) in the lemma text
//! bits 34..63  second lemma, same layout; length 0 = none
//! ```

/// Bits of the form flags.
const FLAG_BITS: u32 = 5;
/// Bits of a lemma offset into the lemma text.
const OFFSET_BITS: u32 = 23;
/// Bits of a lemma length.
const LENGTH_BITS: u32 = 6;
const REF_BITS: u32 = OFFSET_BITS + LENGTH_BITS;

/// The longest lemma (in bytes) an entry can point to.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the writing side is used by build.rs")
)]
pub const MAX_LEMMA_LEN: usize = (1 << LENGTH_BITS) - 1;
/// The largest lemma text the offsets can address.
pub const MAX_LEMMA_TEXT: usize = 1 << OFFSET_BITS;

/// Where a lemma is in the lemma text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LemmaRef {
    /// Byte offset.
    pub offset: u32,
    /// Byte length, at most [`MAX_LEMMA_LEN`].
    pub len: u8,
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the writing side is used by build.rs")
)]
fn pack_ref(lemma: LemmaRef) -> u64 {
    (u64::from(lemma.offset) << LENGTH_BITS) | u64::from(lemma.len)
}

fn unpack_ref(bits: u64) -> Option<LemmaRef> {
    let len = (bits & ((1 << LENGTH_BITS) - 1)) as u8;
    let offset = ((bits >> LENGTH_BITS) & ((1 << OFFSET_BITS) - 1)) as u32;
    (len > 0).then_some(LemmaRef { offset, len })
}

/// Packs flags and up to two lemmas.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the writing side is used by build.rs")
)]
pub fn encode(flags: u8, first: LemmaRef, second: Option<LemmaRef>) -> u64 {
    u64::from(flags & ((1 << FLAG_BITS) - 1))
        | (pack_ref(first) << FLAG_BITS)
        | (second.map_or(0, pack_ref) << (FLAG_BITS + REF_BITS))
}

/// The flags of a packed value.
pub fn flags(value: u64) -> u8 {
    (value & ((1 << FLAG_BITS) - 1)) as u8
}

/// The lemmas of a packed value.
pub fn lemmas(value: u64) -> [Option<LemmaRef>; 2] {
    [
        unpack_ref(value >> FLAG_BITS),
        unpack_ref(value >> (FLAG_BITS + REF_BITS)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let first = LemmaRef {
            offset: 1_234_567,
            len: 12,
        };
        let second = LemmaRef {
            offset: 42,
            len: MAX_LEMMA_LEN as u8,
        };
        let value = encode(0b1_1011, first, Some(second));
        assert_eq!(flags(value), 0b1_1011);
        assert_eq!(lemmas(value), [Some(first), Some(second)]);
        assert_eq!(lemmas(encode(1, first, None)), [Some(first), None]);
    }
}
