/* Mock database / HTTP client APIs: sync calls beside their async twins. */
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
typedef struct sqlite3 sqlite3;
int sqlite3_exec(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *, const char *);
int PQsendQuery(PGconn *, const char *);
int PQconsumeInput(PGconn *);
int PQisBusy(PGconn *);
PGresult *PQgetResult(PGconn *);
void PQclear(PGresult *);
typedef struct redisContext {
  int err;
  int fd;
} redisContext;
typedef struct redisAsyncContext {
  redisContext c;
  void *data;
} redisAsyncContext;
void *redisCommand(redisContext *, const char *, ...);
int redisGetReply(redisContext *, void **);
int redisAsyncCommand(redisAsyncContext *, void (*)(redisAsyncContext *, void *, void *), void *, const char *, ...);
typedef void CURL;
typedef void CURLM;
int curl_easy_perform(CURL *);
int curl_multi_perform(CURLM *, int *);
#ifdef __cplusplus
}
#endif
