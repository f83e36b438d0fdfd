/* The FastCGI ceiling for make bench: a bare libfcgi responder that answers
 * every request with the same small JSON body, no parsing, no database.
 * The poll endpoint is measured against it (tests/bench/bench.sh), behind
 * the same nginx, with as many processes as vvhomed has workers.
 *
 *   hello SOCKET [PROCESSES]     runs until SIGTERM */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcgiapp.h>

/* As long as the poll's answer when nothing runs. */
static const char BODY[] = "{\"now\":1800000000,\"event\":null}";

static void serve(int fd)
{
	FCGX_Request req;
	if (FCGX_InitRequest(&req, fd, 0) != 0)
		exit(1);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_FPrintF(req.out,
			     "Status: 200 OK\r\nContent-Type: application/json\r\n"
			     "Content-Length: %lu\r\nCache-Control: no-store\r\n\r\n",
			     (unsigned long)(sizeof(BODY) - 1));
		FCGX_PutStr(BODY, (int)(sizeof(BODY) - 1), req.out);
		FCGX_Finish_r(&req);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hello SOCKET [PROCESSES]\n");
		return 2;
	}
	int procs = argc > 2 ? atoi(argv[2]) : 1;
	if (FCGX_Init() != 0)
		return 1;
	unlink(argv[1]);
	int fd = FCGX_OpenSocket(argv[1], 1024);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	chmod(argv[1], 0660);
	/* The children go when the parent does: bench.sh stops only the parent. */
	for (int i = 1; i < procs; i++)
		if (fork() == 0) {
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() == 1)
				return 0;
			break;
		}
	serve(fd);
	return 0;
}
