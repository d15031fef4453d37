/* A literal path on a pseudo-filesystem (procfs, sysfs) or a device that
 * never waits (/dev/null, /dev/zero, /dev/urandom) does not touch a disk:
 * opening, stat-ing, listing or resolving it on the loop is not file I/O, and
 * a descriptor opened on it is not a file (read on it is not reported). An
 * anonymous mapping (MAP_ANONYMOUS) is memory, not file I/O. A stream that
 * only holds what such an open returned is read and closed without a disk.
 * Paths that merely look alike, a buffer formatted with "/proc/%d/stat" but
 * also written another way, paths passed in, and a stream that may also
 * hold a file (assigned another open, or its address taken) are still
 * reported.
 * RUN: %exitcode %stallscan --no-snippets %s -- -std=c11 %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#define _DEFAULT_SOURCE
#include <uv.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void testProcfsOnLoop(uv_timer_t *T) {
  (void)T;
  char Buf[256];
  struct stat St;
  struct dirent **List;
  int Fd = open("/proc/self/status", O_RDONLY);    /* no-warning: procfs */
  read(Fd, Buf, sizeof Buf);                        /* no-warning: not a file */
  close(Fd);
  stat("/proc/self/exe", &St);                      /* no-warning: procfs */
  scandir("/proc/self/fd", &List, NULL, NULL);      /* no-warning: procfs */
  readlink("/proc/self/cwd", Buf, sizeof Buf);      /* no-warning: procfs */
  access("/sys/class/net/eth0", R_OK);              /* no-warning: sysfs */
  FILE *R = fopen("/dev/urandom", "r");             /* no-warning: a device */
  unsigned char Seed[64];
  if (R == NULL || fread(Seed, sizeof Seed, 1, R) != 1) /* no-warning: the device's stream */
    Seed[0] = 1;
  if (R) fclose(R);                                 /* no-warning */
  FILE *Meminfo = NULL;
  Meminfo = fopen("/proc/meminfo", "r");            /* no-warning: procfs */
  while (Meminfo && fgets(Buf, sizeof Buf, Meminfo)) /* no-warning: procfs's stream */
    ;
  if (Meminfo) fclose(Meminfo);                     /* no-warning */
  int Null = open("/dev/null", O_RDONLY);           /* no-warning: a device */
  (void)Null;
  void *Anon = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); /* no-warning: memory, not a file */
  (void)Anon;
}

static void testLookAlikesOnLoop(uv_timer_t *T) {
  (void)T;
  char Buf[256];
  struct stat St;
  stat("/process/data", &St);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:3: warning: blocking call to 'stat' on the event loop
// CHECK-NEXT: note:
  int Fd = open("/var/lib/proc/self", O_RDONLY);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:12: warning: blocking call to 'open' on the event loop
// CHECK-NEXT: note:
  read(Fd, Buf, sizeof Buf);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:3: warning: blocking call to 'read' on the event loop
// CHECK-NEXT: note:
  snprintf(Buf, sizeof Buf, "/proc/%d/stat", 1); /* also written by read() */
  open(Buf, O_RDONLY);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:3: warning: blocking call to 'open' on the event loop
// CHECK-NEXT: note:
  void *Mapped = mmap(NULL, 4096, PROT_READ, MAP_SHARED, Fd, 0); /* a file */
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:18: warning: blocking call to 'mmap' on the event loop
// CHECK-NEXT: note:
  (void)Mapped;
  FILE *Sda = fopen("/dev/sda", "r"); /* a disk */
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: note:
  (void)Sda;
  FILE *Either = fopen("/dev/urandom", "r");
  if (!Either)
    Either = fopen("/var/lib/seed", "r"); /* a file too */
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:14: warning: blocking call to 'fopen' on the event loop
// CHECK-NEXT: note:
  fclose(Either);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: note:
  FILE *Passed = fopen("/proc/loadavg", "r");
  FILE **Where = &Passed; /* may be changed through the pointer */
  (void)Where;
  fclose(Passed);
// CHECK: pseudo-filesystems.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' on the event loop
// CHECK-NEXT: note:
}

int main(void) {
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_t A, B;
  uv_timer_init(Loop, &A);
  uv_timer_init(Loop, &B);
  uv_timer_start(&A, testProcfsOnLoop, 10, 10);
  uv_timer_start(&B, testLookAlikesOnLoop, 10, 10);
  return uv_run(Loop, UV_RUN_DEFAULT);
}
// CHECK: stallscan: 9 findings in 1 file (1 translation units)
