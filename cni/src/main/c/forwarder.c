/*
 * The CNI plugins tabby and tabby-ipam (one executable; argv[0] says which): forwards the call
 * (the CNI_* environment and the network config on stdin) to the node agent's unix socket and
 * relays the agent's answer, stdout and exit status, to the container runtime. The agent checks
 * the call and answers in the spec's JSON; this program answers only what it must without the
 * agent: VERSION, a missing CNI_COMMAND, stdin that cannot be read or is no JSON object, an
 * unusable socket path, and an agent that cannot be reached. See cni/README.md.
 *
 * Request: one JSON object {"plugin": "...", "env": {"CNI_COMMAND": "...", ...}, "stdin": "..."},
 * then the write side is shut down. Answer: the exit status in decimal, a newline, then exactly
 * what to print on stdout, up to the end of the stream.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "json_scan.h"

/* Kept equal to dev.tabby.cni.CniVersions and AgentSocket (ForwarderTest checks they agree). */
static const char *const SUPPORTED_VERSIONS[] = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"};
#define LATEST_VERSION "1.1.0"
#define DEFAULT_SOCKET "/var/run/tabby/cni.sock"
#define MAX_ANSWER_BYTES (4 << 20)

/* A network config is a few kilobytes; a GC's list of attachments a few more. */
#define MAX_CONFIG_BYTES (1 << 20)

/* A full accept queue means a stuck agent: give up on connecting and sending after this. */
#define SEND_TIMEOUT_SECONDS 10

/* The kubelet gives up on a pod sandbox call after 2 minutes (its runtime request timeout). */
#define ANSWER_TIMEOUT_SECONDS 120

/* The spec's error codes this program answers itself. */
enum {
    INVALID_ENVIRONMENT = 4,
    IO_FAILURE = 5,
    DECODING_FAILURE = 6,
    INVALID_NETWORK_CONFIG = 7,
    TRY_AGAIN_LATER = 11,
    PLUGIN_NOT_AVAILABLE = 50,
};

/* The environment variables the agent gets. */
static const char *const FORWARDED_ENV[] = {"CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS",
                                            "CNI_IFNAME", "CNI_ARGS"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static int is_supported(const struct json_text *version)
{
    if (version->kind != JSON_STRING)
        return 0;
    for (size_t i = 0; i < COUNT(SUPPORTED_VERSIONS); i++)
        if (strcmp(version->value, SUPPORTED_VERSIONS[i]) == 0)
            return 1;
    return 0;
}

static void print(const struct buffer *out)
{
    fwrite(out->data, 1, out->length, stdout);
    fflush(stdout);
}

/* Prints the spec's error JSON; returns the exit status 1. */
static int cni_error(const char *version, int code, const char *msg, const char *details)
{
    struct buffer out = {0};
    char number[16];
    buffer_add_text(&out, "{\"cniVersion\":");
    buffer_add_json_string(&out, version, strlen(version));
    snprintf(number, sizeof number, "%d", code);
    buffer_add_text(&out, ",\"code\":");
    buffer_add_text(&out, number);
    buffer_add_text(&out, ",\"msg\":");
    buffer_add_json_string(&out, msg, strlen(msg));
    if (details && *details) {
        buffer_add_text(&out, ",\"details\":");
        buffer_add_json_string(&out, details, strlen(details));
    }
    buffer_add_text(&out, "}");
    print(&out);
    buffer_free(&out);
    return 1;
}

/* VERSION: the versions spoken, in the version the runtime asked for when it is one of them. */
static int version_info(const struct json_text *asked)
{
    struct buffer out = {0};
    const char *version = is_supported(asked) ? asked->value : LATEST_VERSION;
    buffer_add_text(&out, "{\"cniVersion\":");
    buffer_add_json_string(&out, version, strlen(version));
    buffer_add_text(&out, ",\"supportedVersions\":[");
    for (size_t i = 0; i < COUNT(SUPPORTED_VERSIONS); i++) {
        if (i > 0)
            buffer_add_text(&out, ",");
        buffer_add_json_string(&out, SUPPORTED_VERSIONS[i], strlen(SUPPORTED_VERSIONS[i]));
    }
    buffer_add_text(&out, "]}");
    print(&out);
    buffer_free(&out);
    return 0;
}

/*
 * Reads all of stdin: 0, -errno on a read error, or 1 when it is larger than the limit (read to
 * its end all the same, so that the runtime writing it never finds the pipe closed).
 */
static int read_stdin(struct buffer *in)
{
    char chunk[8192];
    int too_long = 0;
    while (1) {
        ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
        if (n == 0)
            return too_long;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        too_long = too_long || in->length + (size_t)n > MAX_CONFIG_BYTES;
        if (!too_long)
            buffer_add(in, chunk, (size_t)n);
    }
}

static void build_request(struct buffer *request, const char *plugin, const struct buffer *in)
{
    buffer_add_text(request, "{\"plugin\":");
    buffer_add_json_string(request, plugin, strlen(plugin));
    buffer_add_text(request, ",\"env\":{");
    int first = 1;
    for (size_t i = 0; i < COUNT(FORWARDED_ENV); i++) {
        const char *value = getenv(FORWARDED_ENV[i]);
        if (!value)
            continue;
        if (!first)
            buffer_add_text(request, ",");
        first = 0;
        buffer_add_json_string(request, FORWARDED_ENV[i], strlen(FORWARDED_ENV[i]));
        buffer_add_text(request, ":");
        buffer_add_json_string(request, value, strlen(value));
    }
    buffer_add_text(request, "},\"stdin\":");
    buffer_add_json_string(request, in->data ? in->data : "", in->length);
    buffer_add_text(request, "}");
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * One call to the agent: connect, send, read the answer to its end. Returns 0, or -1 with what
 * failed in reason (the errno text, or a timeout).
 */
static int call_agent(const char *socket_path, const struct buffer *request,
                      struct buffer *answer, const char **stage, char *reason, size_t reason_size)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    memcpy(address.sun_path, socket_path, strlen(socket_path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *stage = "socket";
        snprintf(reason, reason_size, "%s", strerror(errno));
        return -1;
    }
    struct timeval send_timeout = {.tv_sec = SEND_TIMEOUT_SECONDS};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
    *stage = "connect to";
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0)
        goto failed;
    *stage = "sending to";
    for (size_t sent = 0; sent < request->length;) {
        ssize_t n = send(fd, request->data + sent, request->length - sent, MSG_NOSIGNAL);
        if (n < 0 && errno != EINTR)
            goto failed;
        sent += n > 0 ? (size_t)n : 0;
    }
    if (shutdown(fd, SHUT_WR) < 0)
        goto failed;
    *stage = "waiting for the answer from";
    long long deadline = now_ms() + ANSWER_TIMEOUT_SECONDS * 1000LL;
    char chunk[8192];
    while (1) {
        struct pollfd ready = {.fd = fd, .events = POLLIN};
        long long left = deadline - now_ms();
        int polled = left > 0 ? poll(&ready, 1, (int)left) : 0;
        if (polled == 0) {
            snprintf(reason, reason_size, "no answer within %d s", ANSWER_TIMEOUT_SECONDS);
            close(fd);
            return -1;
        }
        if (polled < 0) {
            if (errno == EINTR)
                continue;
            goto failed;
        }
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            goto failed;
        }
        if (answer->length + (size_t)n > MAX_ANSWER_BYTES) {
            snprintf(reason, reason_size, "answer longer than %d bytes", MAX_ANSWER_BYTES);
            close(fd);
            return -1;
        }
        buffer_add(answer, chunk, (size_t)n);
    }
    close(fd);
    return 0;
failed:
    snprintf(reason, reason_size, "%s", strerror(errno));
    close(fd);
    return -1;
}

/* The answer's first line is the exit status; -1 when it does not decode. */
static int answer_status(const struct buffer *answer, size_t *stdout_start)
{
    int status = 0;
    size_t i = 0;
    for (; i < answer->length && i < 4 && answer->data[i] >= '0' && answer->data[i] <= '9'; i++)
        status = status * 10 + (answer->data[i] - '0');
    if (i == 0 || i >= answer->length || answer->data[i] != '\n' || status > 255)
        return -1;
    *stdout_start = i + 1;
    return status;
}

static const char *plugin_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    return slash ? slash + 1 : argv0;
}

static int forward(const char *plugin, const char *command, const struct buffer *in,
                   int read_result)
{
    struct json_text version = {0}, socket = {0}, ipam_socket = {0};
    const struct json_field ipam_fields[] = {{"socket", &ipam_socket, NULL}, {NULL, NULL, NULL}};
    const struct json_field fields[] = {{"cniVersion", &version, NULL},
                                        {"socket", &socket, NULL},
                                        {"ipam", NULL, ipam_fields},
                                        {NULL, NULL, NULL}};
    char error[160];
    int scanned = read_result == 0 && in->length > 0
                      ? json_scan_object(in->data, in->length, fields, error, sizeof error)
                      : -1;
    if (strcmp(command, "VERSION") == 0)
        return version_info(&version); /* a runtime may send no config, or none that decodes */
    const char *cni_version = is_supported(&version) ? version.value : LATEST_VERSION;
    if (read_result < 0)
        return cni_error(cni_version, IO_FAILURE, "cannot read the network config from stdin",
                         strerror(-read_result));
    if (read_result > 0)
        return cni_error(cni_version, DECODING_FAILURE, "the network config on stdin is too long",
                         "more than 1 MiB");
    if (in->length == 0)
        return cni_error(cni_version, DECODING_FAILURE, "no network config on stdin",
                         "expected a JSON object");
    if (scanned < 0)
        return cni_error(cni_version, DECODING_FAILURE,
                         "the network config on stdin is not a JSON object", error);

    /* The socket is named in the plugin's own section: the top level, or "ipam" for tabby-ipam. */
    const struct json_text *named = strcmp(plugin, "tabby-ipam") == 0 ? &ipam_socket : &socket;
    const char *socket_path = named->kind == JSON_ABSENT ? DEFAULT_SOCKET : named->value;
    if (named->kind == JSON_OTHER ||
        (named->kind == JSON_STRING && (named->length == 0 || strlen(named->value) != named->length)))
        return cni_error(cni_version, INVALID_NETWORK_CONFIG,
                         "\"socket\" must be the path of the Tabby node agent's unix socket", NULL);
    if (strlen(socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
        return cni_error(cni_version, INVALID_NETWORK_CONFIG,
                         "\"socket\" is longer than a unix socket path can be",
                         "at most 107 bytes");

    struct buffer request = {0}, answer = {0};
    build_request(&request, plugin, in);
    const char *stage = "";
    char reason[128];
    int unavailable = strcmp(command, "STATUS") == 0 ? PLUGIN_NOT_AVAILABLE : TRY_AGAIN_LATER;
    char details[512];
    if (call_agent(socket_path, &request, &answer, &stage, reason, sizeof reason) < 0) {
        int unreachable = strcmp(stage, "connect to") == 0;
        snprintf(details, sizeof details, "%s %s: %s%s", stage, socket_path, reason,
                 unreachable ? "; is tabby-node running on this node?" : "");
        return cni_error(cni_version, unavailable,
                         unreachable ? "the Tabby node agent is not reachable"
                                     : "the Tabby node agent broke off the call",
                         details);
    }
    size_t stdout_start = 0;
    int status = answer_status(&answer, &stdout_start);
    if (status < 0) {
        snprintf(details, sizeof details, "the answer from %s does not decode (%zu bytes)",
                 socket_path, answer.length);
        return cni_error(cni_version, unavailable, "the Tabby node agent gave no answer", details);
    }
    fwrite(answer.data + stdout_start, 1, answer.length - stdout_start, stdout);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tabby: writing the answer to stdout: %s\n", strerror(errno));
        return 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    const char *plugin = plugin_name(argc > 0 ? argv[0] : "");
    if (strcmp(plugin, "tabby") != 0 && strcmp(plugin, "tabby-ipam") != 0) {
        fprintf(stderr, "tabby: run as 'tabby' or 'tabby-ipam' (by a container runtime), not '%s'\n",
                plugin);
        return 2;
    }
    /* Stdin first, whatever comes next: a runtime writing it must not find the pipe closed. */
    struct buffer in = {0};
    int read_result = read_stdin(&in);
    const char *command = getenv("CNI_COMMAND");
    if (!command || !*command)
        return cni_error(LATEST_VERSION, INVALID_ENVIRONMENT, "CNI_COMMAND is not set",
                         "set it to ADD, DEL, CHECK, VERSION, STATUS or GC");
    return forward(plugin, command, &in, read_result);
}
