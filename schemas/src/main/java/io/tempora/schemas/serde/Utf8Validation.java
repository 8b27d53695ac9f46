package io.tempora.schemas.serde;

/**
 * Strict UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no stray or
 * missing continuation bytes.
 *
 * <p>Why not {@code new String(bytes, UTF_8)}: it replaces malformed input with U+FFFD, so a damaged entity id
 * would read as another, valid-looking id. Why not a {@code CharsetDecoder} with {@code REPORT}: it allocates per
 * call; this check allocates nothing and runs one comparison per byte over ASCII, so valid strings cost what they
 * cost before plus one pass.
 *
 * <p>Stateless and thread-safe.
 */
final class Utf8Validation {

    /** Returned by {@link #firstInvalidIndex} when every byte is well-formed. */
    static final int VALID = -1;

    private Utf8Validation() {}

    /**
     * The index, relative to {@code offset}, of the first byte of the first ill-formed sequence in
     * {@code bytes[offset, offset + length)}, or {@link #VALID}.
     */
    static int firstInvalidIndex(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xff;
            int width;
            int secondMin = 0x80;
            int secondMax = 0xbf;
            if (lead < 0xc2) {
                return i - offset; // a continuation byte with no lead, or an overlong 2-byte lead (C0, C1)
            } else if (lead < 0xe0) {
                width = 2;
            } else if (lead < 0xf0) {
                width = 3;
                if (lead == 0xe0) {
                    secondMin = 0xa0; // below: overlong
                } else if (lead == 0xed) {
                    secondMax = 0x9f; // above: UTF-16 surrogates
                }
            } else if (lead < 0xf5) {
                width = 4;
                if (lead == 0xf0) {
                    secondMin = 0x90; // below: overlong
                } else if (lead == 0xf4) {
                    secondMax = 0x8f; // above: beyond U+10FFFF
                }
            } else {
                return i - offset;
            }
            if (i + width > end) {
                return i - offset;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < secondMin || second > secondMax) {
                return i - offset;
            }
            for (int k = 2; k < width; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return i - offset;
                }
            }
            i += width;
        }
        return VALID;
    }
}
