#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "probe/ollama-api.h"
#include "probe/ollama-ps.h"

/* What Ollama's server (Go's net/http) sends for GET /api/version; the body
 * is docs/api.md's example (ollama/ollama @ef7d26ba). */
static void test_response(void **state)
{
    (void)state;
    static const char t[] = "HTTP/1.1 200 OK\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Date: Wed, 02 Dec 2026 22:40:00 GMT\r\n"
                            "Content-Length: 20\r\n"
                            "\r\n"
                            "{\"version\":\"0.5.1\"}\n";
    struct http_response r;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(http_response_parse(STR_AND_LEN(t), &r, &d), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 20);
    assert_memory_equal(r.body, "{\"version\":\"0.5.1\"}", 19);
    assert_string_equal(r.server, "");
    /* Python's http.server: HTTP/1.0, a Server header, bare body to EOF */
    static const char u[] = "HTTP/1.0 404 Not Found\nServer: BaseHTTP/0.6 Python/3.11\n\nnope";
    assert_int_equal(http_response_parse(STR_AND_LEN(u), &r, &d), 0);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.server, "BaseHTTP/0.6 Python/3.11");
    assert_int_equal(r.body_len, 4);
}

static void test_response_bad(void **state)
{
    (void)state;
    struct http_response r;
    struct diag d;
    assert_int_equal(http_response_parse(STR_AND_LEN("SSH-2.0-OpenSSH_9.2\r\n"), &r, &d), -EBADMSG);
    assert_int_equal(http_response_parse(STR_AND_LEN("HTTP/1.1 20 OK\r\n\r\n"), &r, &d), -EBADMSG);
    assert_int_equal(http_response_parse(STR_AND_LEN("HTTP/1.1 200 OK\r\nX: y\r\n"), &r, &d),
                     -EBADMSG);
    assert_string_equal(d.message, "the headers do not end");
    assert_int_equal(
        http_response_parse(STR_AND_LEN("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"), &r, &d),
        -EBADMSG);
    assert_int_equal(
        http_response_parse(
            STR_AND_LEN("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n"), &r, &d),
        -EBADMSG);
    assert_int_equal(http_response_parse(STR_AND_LEN("HTTP/1.1 200 OK\r\nnocolon\r\n\r\n"), &r, &d),
                     -EBADMSG);
}

/* OLLAMA_HOST as ollama/ollama envconfig/config.go Host() reads it. */
static void test_host(void **state)
{
    (void)state;
    uint16_t p;
    assert_int_equal(ollama_host_parse(NULL, &p), 0);
    assert_int_equal(p, 11434);
    assert_int_equal(ollama_host_parse("", &p), 0);
    assert_int_equal(p, 11434);
    assert_int_equal(ollama_host_parse("127.0.0.1:11500", &p), 0);
    assert_int_equal(p, 11500);
    assert_int_equal(ollama_host_parse("0.0.0.0", &p), 0);
    assert_int_equal(p, 11434);
    assert_int_equal(ollama_host_parse("http://localhost", &p), 0);
    assert_int_equal(p, 80); /* a scheme without a port: the scheme's */
    assert_int_equal(ollama_host_parse(" http://localhost:8080/ ", &p), 0);
    assert_int_equal(p, 8080);
    assert_int_equal(ollama_host_parse(":12000", &p), 0);
    assert_int_equal(p, 12000);
    assert_int_equal(ollama_host_parse("192.168.1.5:11434", &p), -EADDRNOTAVAIL);
    assert_int_equal(ollama_host_parse("https://127.0.0.1", &p), -EADDRNOTAVAIL);
    assert_int_equal(ollama_host_parse("[::1]:11434", &p), -EADDRNOTAVAIL);
    assert_int_equal(ollama_host_parse("127.0.0.1:99999", &p), -EINVAL);
    assert_int_equal(ollama_host_parse("127.0.0.1:x", &p), -EINVAL);
}

static void test_record(void **state)
{
    (void)state;
    struct ollama_api a, b;
    struct diag d;
    memset(&a, 0, sizeof(a));
    snprintf(a.address, sizeof(a.address), "127.0.0.1:11434");
    a.answered = true;
    a.status = 200;
    snprintf(a.version, sizeof(a.version), "0.12.6");
    struct strbuf sb = STRBUF_INIT;
    ollama_api_format(&a, &sb);
    assert_string_equal(sb.buf, "address 127.0.0.1:11434\nstatus 200\nversion 0.12.6\n");
    assert_int_equal(ollama_api_parse(sb.buf, sb.len, &b, &d), 0);
    assert_true(b.answered);
    assert_string_equal(b.version, "0.12.6");
    strbuf_release(&sb);
    static const char refused[] = "address 127.0.0.1:11434\nerror connection refused\n";
    assert_int_equal(ollama_api_parse(STR_AND_LEN(refused), &b, &d), 0);
    assert_false(b.answered);
    assert_string_equal(b.error, "connection refused");
    assert_int_equal(ollama_api_parse(STR_AND_LEN("status 200\n"), &b, &d), -EBADMSG);
    assert_int_equal(ollama_api_parse(STR_AND_LEN("address x\nstatus 9\n"), &b, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
}

/* A real connection: nothing listens on a port just closed. */
static void test_refused(void **state)
{
    (void)state;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
    socklen_t sl = sizeof(sa);
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    uint16_t port = ntohs(sa.sin_port);
    close(s);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(http_get_loopback(port, "/api/version", 200, 4096, &out), -ECONNREFUSED);
    strbuf_release(&out);
}

/* A listener that accepts and never answers: the budget ends it. */
static void test_budget(void **state)
{
    (void)state;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(s, 1), 0);
    socklen_t sl = sizeof(sa);
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(http_get_loopback(ntohs(sa.sin_port), "/api/version", 200, 4096, &out),
                     -ETIMEDOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    assert_true(ms >= 190 && ms < 1000);
    strbuf_release(&out);
    close(s);
}

/* GET /api/ps as Ollama's docs/api.md shows it, and what is refused */
static void test_ps_parse(void **state)
{
    (void)state;
    static const char body[] =
        "{\"models\":[{\"name\":\"mistral:latest\",\"model\":\"mistral:latest\","
        "\"size\":5137025024,\"digest\":"
        "\"2ae6f6dd7a3dd734790bbbf58b8909a606e0e7e97e94b7604e0aa7ae4490e6d8\","
        "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
        "\"families\":[\"llama\"],\"parameter_size\":\"7.2B\",\"quantization_level\":\"Q4_0\"},"
        "\"expires_at\":\"2024-06-04T14:38:31.83753-07:00\",\"size_vram\":5137025024}]}";
    struct ollama_ps ps;
    struct diag d;
    assert_int_equal(ollama_ps_parse(body, sizeof(body) - 1, &ps, &d), 0);
    assert_int_equal(ps.n, 1);
    assert_string_equal(ps.models[0].name, "mistral:latest");
    assert_int_equal(ps.models[0].size, 5137025024ull);
    assert_true(ps.models[0].has_vram);
    assert_int_equal(ps.models[0].context_length, 0);
    assert_string_equal(ps.models[0].quantization, "Q4_0");
    assert_string_equal(ps.models[0].expires_at, "2024-06-04T14:38:31.83753-07:00");
    /* nothing loaded */
    assert_int_equal(ollama_ps_parse("{\"models\":[]}", 13, &ps, &d), 0);
    assert_int_equal(ps.n, 0);
    /* a size that is not a count, a name with a control byte: skipped */
    static const char odd[] = "{\"models\":[{\"name\":\"a\",\"size\":-1},"
                              "{\"name\":\"b\\u0007\",\"size\":1},{\"model\":\"c\",\"size\":2}]}";
    assert_int_equal(ollama_ps_parse(odd, sizeof(odd) - 1, &ps, &d), 0);
    assert_int_equal(ps.total, 3);
    assert_int_equal(ps.n, 1);
    assert_string_equal(ps.models[0].name, "c");
    diag_clear(&d);
    assert_int_equal(ollama_ps_parse("{\"version\":\"0.5.1\"}", 19, &ps, &d), -EBADMSG);
    assert_true(d.message[0] != '\0');
    assert_int_equal(ollama_ps_parse("[1,", 3, &ps, &d), -EBADMSG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_response), cmocka_unit_test(test_response_bad),
        cmocka_unit_test(test_host),     cmocka_unit_test(test_record),
        cmocka_unit_test(test_refused),  cmocka_unit_test(test_budget),
        cmocka_unit_test(test_ps_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
