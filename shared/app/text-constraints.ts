/**
 * Postgres `text` cannot hold U+0000: a string with a NUL passes JSON parsing and reaches the
 * database only to be refused there. Every free-text field the API stores carries this pattern,
 * so the refusal is a 400 from validation and is stated in the OpenAPI document (`pattern`).
 */
// eslint-disable-next-line no-control-regex -- matching the control character is the point
export const NUL_FREE_PATTERN = /^[^\u0000]*$/;

/** Message of a NUL-free check. */
export const NUL_FREE_MESSAGE = 'Must not contain NUL (U+0000) characters';

/** Base64url tokens (cursors): the alphabet of RFC 4648 §5, no padding. */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
