/* An interactive client's prompt loop (redis-cli's: select on its server's
 * socket and on standard input) waits for the user, not for requests: it is
 * no server's event loop. Its body is not loop context, the verdict names it
 * without counting it, and a program with nothing else is said to look like
 * a client tool. A server's reactor that also watches stdin (an admin
 * console) but accepts connections stays a reactor.
 * RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 * RUN: %exitcode %stallscan --no-snippets %s -- -DCLIENT_ONLY %mockinc \
 * RUN:   | FileCheck %s --check-prefix=CLIENT --implicit-check-not=warning:
 */
#include <poll.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

void save_history(const char *Line) {
  FILE *H = fopen("/home/user/.cli_history", "a"); /* no-warning: a prompt loop */
  fputs(Line, H);
  fclose(H);
}

void testPromptLoop(int Server) {
  char Line[256];
  for (;;) {
    fd_set R;
    FD_ZERO(&R);
    FD_SET(Server, &R);
    FD_SET(STDIN_FILENO, &R);
    select(Server + 1, &R, NULL, NULL, NULL);
    if (FD_ISSET(STDIN_FILENO, &R) && fgets(Line, sizeof Line, stdin))
      save_history(Line);
  }
}

void testPollPrompt(int Server) {
  struct pollfd Fds[2] = {{Server, POLLIN, 0}, {fileno(stdin), POLLIN, 0}};
  for (;;) {
    poll(Fds, 2, -1);
    save_history("poll");
  }
}

#ifndef CLIENT_ONLY
void testServerWithAdminConsole(int Listener) {
  for (;;) {
    fd_set R;
    FD_ZERO(&R);
    FD_SET(Listener, &R);
    FD_SET(STDIN_FILENO, &R);
    select(Listener + 1, &R, NULL, NULL, NULL);
    int Conn = accept(Listener, NULL, NULL);
    sleep(1);
/* CHECK: console-loop.c:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
 * CHECK-NEXT: console-loop.c:[[@LINE-4]]:5: note: the loop in 'testServerWithAdminConsole' waits in 'select' here; its body runs on the event loop
 */
    close(Conn);
  }
}
#endif
/* CHECK: evidence: a loop in 'testServerWithAdminConsole' waits in 'select' (a hand-written reactor)
 * CHECK: evidence: a loop in 'testPromptLoop' waits in 'select' on standard input (an interactive client's prompt, not a server's event loop; not counted)
 * CHECK: evidence: a loop in 'testPollPrompt' waits in 'poll' on standard input
 * CLIENT: architecture: unknown
 * CLIENT: evidence: a loop in 'testPromptLoop' waits in 'select' on standard input
 * CLIENT: hint: the only loop that waits for events is an interactive client's prompt on standard input: this code looks like a client tool, not a server
 */
