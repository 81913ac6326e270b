/* A growable byte buffer, and JSON string writing into it. */
#ifndef TABBY_BUFFER_H
#define TABBY_BUFFER_H

#include <stddef.h>

struct buffer {
    char *data;
    size_t length;
    size_t capacity;
};

/* Appends n bytes; exits the process with status 1 when memory runs out. */
void buffer_add(struct buffer *b, const char *bytes, size_t n);

void buffer_add_text(struct buffer *b, const char *text);

/* Appends text as a quoted JSON string. */
void buffer_add_json_string(struct buffer *b, const char *text, size_t n);

void buffer_free(struct buffer *b);

#endif
