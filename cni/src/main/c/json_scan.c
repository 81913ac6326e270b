#include "json_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting than any network config has: refused rather than risking the stack. */
#define MAX_DEPTH 128

struct scanner {
    const char *start;
    const char *p;
    const char *end;
    char *error;
    size_t error_size;
};

static int fail(struct scanner *s, const char *what)
{
    snprintf(s->error, s->error_size, "%s at byte %zu", what, (size_t)(s->p - s->start));
    return -1;
}

static void skip_space(struct scanner *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int hex4(struct scanner *s, unsigned *out)
{
    unsigned value = 0;
    if (s->end - s->p < 4)
        return fail(s, "short \\u escape");
    for (int i = 0; i < 4; i++) {
        char c = *s->p++;
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            value |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            value |= (unsigned)(c - 'A' + 10);
        else
            return fail(s, "bad \\u escape");
    }
    *out = value;
    return 0;
}

static size_t put_utf8(char *out, unsigned code)
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* An escape after the backslash; appends its bytes to out (when out is not NULL). */
static int escape(struct scanner *s, char *out, size_t *length)
{
    if (s->p >= s->end)
        return fail(s, "unterminated string");
    char c = *s->p++;
    unsigned code;
    switch (c) {
    case '"': case '\\': case '/': code = (unsigned char)c; break;
    case 'b': code = '\b'; break;
    case 'f': code = '\f'; break;
    case 'n': code = '\n'; break;
    case 'r': code = '\r'; break;
    case 't': code = '\t'; break;
    case 'u':
        if (hex4(s, &code))
            return -1;
        /* A surrogate pair is one character; a lone surrogate is kept as it is (the agent's
           parser takes it too), so that no config the agent would serve is refused here. */
        if (code >= 0xD800 && code <= 0xDBFF && s->end - s->p >= 6 && s->p[0] == '\\' &&
            s->p[1] == 'u') {
            const char *after_high = s->p;
            unsigned low;
            s->p += 2;
            if (hex4(s, &low))
                return -1;
            if (low >= 0xDC00 && low <= 0xDFFF)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            else
                s->p = after_high;
        }
        break;
    default:
        s->p--;
        return fail(s, "bad escape in string");
    }
    if (out)
        *length += put_utf8(out + *length, code);
    return 0;
}

/* A string from its opening quote; decoded into text when text is not NULL. */
static int string(struct scanner *s, struct json_text *text)
{
    s->p++; /* the opening quote */
    /* Decoding never makes a string longer than its JSON form. */
    char *out = NULL;
    size_t length = 0;
    if (text) {
        out = malloc((size_t)(s->end - s->p) + 1);
        if (!out)
            return fail(s, "out of memory");
    }
    while (1) {
        if (s->p >= s->end) {
            free(out);
            return fail(s, "unterminated string");
        }
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') {
            s->p++;
            break;
        }
        if (c < 0x20) {
            free(out);
            return fail(s, "control character in string");
        }
        if (c == '\\') {
            s->p++;
            if (escape(s, out, &length)) {
                free(out);
                return -1;
            }
            continue;
        }
        if (out)
            out[length++] = (char)c;
        s->p++;
    }
    if (text) {
        out[length] = '\0';
        free(text->value);
        text->kind = JSON_STRING;
        text->value = out;
        text->length = length;
    }
    return 0;
}

static int digits(struct scanner *s)
{
    const char *first = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    return s->p > first ? 0 : fail(s, "digit expected");
}

static int number(struct scanner *s)
{
    if (*s->p == '-')
        s->p++;
    if (s->p < s->end && *s->p == '0')
        s->p++;
    else if (digits(s))
        return -1;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (digits(s))
            return -1;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (digits(s))
            return -1;
    }
    return 0;
}

static int literal(struct scanner *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return fail(s, "unexpected character");
    s->p += n;
    return 0;
}

static int value(struct scanner *s, int depth, const struct json_field *picked);

static const struct json_field *find(const struct json_field *fields, const char *key, size_t n)
{
    for (; fields && fields->key; fields++)
        if (strlen(fields->key) == n && memcmp(fields->key, key, n) == 0)
            return fields;
    return NULL;
}

/* After a member or an element: 1 when a ',' says another follows, 0 at the closer, else -1. */
static int next_item(struct scanner *s, char closer, const char *expected)
{
    skip_space(s);
    if (s->p < s->end && *s->p == ',') {
        s->p++;
        return 1;
    }
    if (s->p < s->end && *s->p == closer) {
        s->p++;
        return 0;
    }
    return fail(s, expected);
}

static int object(struct scanner *s, int depth, const struct json_field *fields)
{
    s->p++; /* { */
    skip_space(s);
    if (s->p < s->end && *s->p == '}') {
        s->p++;
        return 0;
    }
    while (1) {
        skip_space(s);
        if (s->p >= s->end || *s->p != '"')
            return fail(s, "member name expected");
        struct json_text key = {0};
        if (string(s, fields ? &key : NULL))
            return -1;
        const struct json_field *picked = fields ? find(fields, key.value, key.length) : NULL;
        free(key.value);
        skip_space(s);
        if (s->p >= s->end || *s->p != ':')
            return fail(s, "':' expected");
        s->p++;
        if (value(s, depth, picked))
            return -1;
        int more = next_item(s, '}', "',' or '}' expected");
        if (more <= 0)
            return more;
    }
}

static int array(struct scanner *s, int depth)
{
    s->p++; /* [ */
    skip_space(s);
    if (s->p < s->end && *s->p == ']') {
        s->p++;
        return 0;
    }
    while (1) {
        if (value(s, depth, NULL))
            return -1;
        int more = next_item(s, ']', "',' or ']' expected");
        if (more <= 0)
            return more;
    }
}

/* Any value; when picked names a field, a string goes into its text, an object is scanned. */
static int value(struct scanner *s, int depth, const struct json_field *picked)
{
    skip_space(s);
    if (s->p >= s->end)
        return fail(s, "value expected");
    if (depth >= MAX_DEPTH)
        return fail(s, "nesting too deep");
    struct json_text *text = picked ? picked->text : NULL;
    if (text && *s->p != '"') {
        free(text->value);
        text->value = NULL;
        text->kind = JSON_OTHER;
    }
    switch (*s->p) {
    case '{': return object(s, depth + 1, picked ? picked->object : NULL);
    case '[': return array(s, depth + 1);
    case '"': return string(s, text);
    case 't': return literal(s, "true");
    case 'f': return literal(s, "false");
    case 'n': return literal(s, "null");
    default:
        if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
            return number(s);
        return fail(s, "unexpected character");
    }
}

int json_scan_object(const char *text, size_t length, const struct json_field *fields,
                     char *error, size_t error_size)
{
    struct scanner s = {text, text, text + length, error, error_size};
    skip_space(&s);
    if (s.p >= s.end || *s.p != '{')
        return fail(&s, "a JSON object expected");
    if (object(&s, 1, fields))
        return -1;
    skip_space(&s);
    if (s.p != s.end)
        return fail(&s, "trailing characters after the object");
    return 0;
}

void json_free_fields(const struct json_field *fields)
{
    for (; fields && fields->key; fields++) {
        if (fields->text) {
            free(fields->text->value);
            fields->text->value = NULL;
        }
        json_free_fields(fields->object);
    }
}
