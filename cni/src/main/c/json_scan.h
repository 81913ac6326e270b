/*
 * A JSON syntax check that picks out a few fields on the way: the forwarder needs to know that
 * stdin is a JSON object (else error 6), its cniVersion and the agent's socket path. Everything
 * else in the config is the agent's business; it decodes the whole config again.
 */
#ifndef TABBY_JSON_SCAN_H
#define TABBY_JSON_SCAN_H

#include <stddef.h>

/* What one picked field held. */
enum json_kind { JSON_ABSENT = 0, JSON_STRING, JSON_OTHER };

struct json_text {
    enum json_kind kind;
    char *value;   /* JSON_STRING: the decoded string, NUL-terminated, malloc'd */
    size_t length; /* its length in bytes (it may hold a decoded \u0000) */
};

/*
 * A field to pick out of an object: a string value goes into text; an object value is scanned
 * with the fields of object. Arrays of fields end with a { NULL } entry.
 */
struct json_field {
    const char *key;
    struct json_text *text;
    const struct json_field *object;
};

/*
 * Checks that text[0..length) is exactly one JSON object (white space around it allowed) and
 * fills in the fields named. Returns 0, or -1 with a reason (and its byte offset) in error.
 */
int json_scan_object(const char *text, size_t length, const struct json_field *fields,
                     char *error, size_t error_size);

/* Frees what json_scan_object decoded into the fields' texts. */
void json_free_fields(const struct json_field *fields);

#endif
