/*
 * secret: thin wrappers over libsodium so the rest of frontdoor never sees its API.
 */
#include "core/secret.h"

#include <sodium.h>
#include <string.h>

enum err secret_init(void)
{
    return sodium_init() < 0 ? E_IO : E_OK;
}

enum err secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN])
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return E_NOMEM;
    return E_OK;
}

int secret_password_verify(const char *stored, const char *password)
{
    return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

void secret_token_new(char out[SECRET_TOKEN_LEN])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void secret_token_hash(const char *token, char out[SECRET_HASH_HEX_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, SECRET_HASH_HEX_LEN, h, sizeof(h));
}

int secret_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return 0;
    return sodium_memcmp(a, b, la) == 0;
}

void secret_wipe(void *p, size_t len)
{
    sodium_memzero(p, len);
}
