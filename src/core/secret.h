/*
 * secret: passwords, random tokens and their stored hashes, on libsodium. Passwords are hashed
 * with argon2id; bearer and session tokens are random and stored only as a BLAKE2b hash, so a
 * copy of the database does not yield working credentials. Not an authorisation policy.
 */
#ifndef FD_CORE_SECRET_H
#define FD_CORE_SECRET_H

#include <stddef.h>

#include "core/err.h"

#define SECRET_TOKEN_LEN 44   /* base64url of 32 random bytes, NUL-terminated */
#define SECRET_HASH_HEX_LEN 65 /* hex BLAKE2b-256, NUL-terminated */
#define SECRET_PWHASH_LEN 128 /* crypto_pwhash_STRBYTES */

/* Must be called once before anything else here; E_IO when libsodium cannot start. */
enum err secret_init(void) MUST_CHECK;
/* argon2id hash string of password into out. */
enum err secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN]) MUST_CHECK;
/* 1 when password matches the stored hash, else 0. Takes tens of milliseconds by design. */
int secret_password_verify(const char *stored, const char *password);
/* A fresh random token (URL-safe text) into out. */
void secret_token_new(char out[SECRET_TOKEN_LEN]);
/* Hex BLAKE2b-256 of text: how tokens are stored and looked up. */
void secret_token_hash(const char *token, char out[SECRET_HASH_HEX_LEN]);
/* Constant-time comparison of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);
/* Overwrites len bytes at p in a way the compiler cannot remove. */
void secret_wipe(void *p, size_t len);

#endif
