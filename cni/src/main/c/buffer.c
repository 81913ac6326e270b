#include "buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buffer_add(struct buffer *b, const char *bytes, size_t n)
{
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (b->length + n + 1 > capacity)
            capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) {
            fputs("tabby: out of memory\n", stderr);
            exit(1);
        }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
    b->data[b->length] = '\0';
}

void buffer_add_text(struct buffer *b, const char *text)
{
    buffer_add(b, text, strlen(text));
}

void buffer_add_json_string(struct buffer *b, const char *text, size_t n)
{
    buffer_add(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        char escaped[8];
        if (c == '"' || c == '\\') {
            escaped[0] = '\\';
            escaped[1] = (char)c;
            buffer_add(b, escaped, 2);
        } else if (c < 0x20) {
            snprintf(escaped, sizeof escaped, "\\u%04x", c);
            buffer_add(b, escaped, 6);
        } else {
            /* Bytes from 0x80 up pass as they are: the text is UTF-8 (or the agent says not). */
            buffer_add(b, (const char *)&text[i], 1);
        }
    }
    buffer_add(b, "\"", 1);
}

void buffer_free(struct buffer *b)
{
    free(b->data);
    b->data = NULL;
    b->length = b->capacity = 0;
}
