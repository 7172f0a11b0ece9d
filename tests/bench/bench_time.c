/*
 * How long a command takes, as an officer waits for it: fork, exec, run,
 * exit, with its output thrown away. One run to warm the caches, then
 * RUNS timed runs; prints the median in milliseconds. Figures only: it
 * fails when the command does, never on a time.
 *
 * usage: bench_time RUNS COMMAND [ARGUMENT ...]
 */
#include <sys/wait.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS_MAX	101

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Run argv with stdout and stderr on /dev/null: its exit status, or -1. */
static int
run(char **argv)
{
	pid_t pid;
	int status, null;

	if ((pid = fork()) == -1) {
		return -1;
	}
	if (pid == 0) {
		null = open("/dev/null", O_WRONLY);
		if (null == -1 || dup2(null, STDOUT_FILENO) == -1 ||
		    dup2(null, STDERR_FILENO) == -1) {
			_exit(126);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1) {
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
cmp_ns(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	int64_t ns[RUNS_MAX], start;
	int runs, i, rc;

	if (argc < 3 || (runs = atoi(argv[1])) < 1 || runs > RUNS_MAX) {
		fprintf(stderr, "usage: bench_time RUNS COMMAND [ARGUMENT ...]"
		    "\n");
		return 2;
	}
	for (i = -1; i < runs; i++) {
		start = now_ns();
		rc = run(argv + 2);
		if (rc != 0) {
			printf("failed (exit %d)\n", rc);
			return 1;
		}
		if (i >= 0) {
			ns[i] = now_ns() - start;
		}
	}
	qsort(ns, (size_t)runs, sizeof(ns[0]), cmp_ns);
	printf("%.1f\n", (double)(runs % 2 == 1 ? ns[runs / 2] :
	    (ns[runs / 2 - 1] + ns[runs / 2]) / 2) / 1e6);
	return 0;
}
