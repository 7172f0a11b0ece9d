/*
 * Serial and TCP transports behind one small interface. Serial goes through
 * libserialport, which applies no defaults, so every line setting is set
 * here; only its non-blocking calls are used (the blocking ones retry on
 * EINTR behind our back).
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port.h"
#include "xmalloc.h"

struct port {
	struct sp_port	*sp;		/* serial; NULL for TCP */
	int		 fd;
	bool		 connecting;
	char		 name[CONF_DEVICE_MAX];
};

/* Copy libserialport's last error message to err. */
static void
sp_error(char *err, size_t errlen, const char *what, const char *dev)
{
	char *msg = sp_last_error_message();

	snprintf(err, errlen, "%s '%s': %s", what, dev,
	    msg != NULL ? msg : "unknown error");
	sp_free_error_message(msg);
}

int
port_serial_config(const struct modem_conf *mc, struct sp_port_config **cfg,
    char *err, size_t errlen)
{
	enum sp_flowcontrol flow;

	switch (mc->flow) {
	case CONF_FLOW_RTSCTS:
		flow = SP_FLOWCONTROL_RTSCTS;
		break;
	case CONF_FLOW_XONXOFF:
		flow = SP_FLOWCONTROL_XONXOFF;
		break;
	default:
		flow = SP_FLOWCONTROL_NONE;
		break;
	}
	*cfg = NULL;
	if (sp_new_config(cfg) != SP_OK) {
		snprintf(err, errlen, "configure '%s': out of memory",
		    mc->device);
		return -1;
	}
	if (sp_set_config_baudrate(*cfg, mc->baud) != SP_OK ||
	    sp_set_config_bits(*cfg, 8) != SP_OK ||
	    sp_set_config_parity(*cfg, SP_PARITY_NONE) != SP_OK ||
	    sp_set_config_stopbits(*cfg, 1) != SP_OK ||
	    sp_set_config_flowcontrol(*cfg, flow) != SP_OK ||
	    /*
	     * DTR and RTS up, as a terminal does: many modems ignore a host
	     * whose DTR is down (V.24 108/2), and flow control "none" would
	     * otherwise leave RTS as the last program set it.
	     */
	    sp_set_config_dtr(*cfg, SP_DTR_ON) != SP_OK ||
	    (flow != SP_FLOWCONTROL_RTSCTS &&
	    sp_set_config_rts(*cfg, SP_RTS_ON) != SP_OK)) {
		sp_error(err, errlen, "configure", mc->device);
		sp_free_config(*cfg);
		*cfg = NULL;
		return -1;
	}
	return 0;
}

static struct port *
open_serial(const struct modem_conf *mc, char *err, size_t errlen)
{
	struct sp_port_config *cfg = NULL;
	struct port *p;

	p = xcalloc(1, sizeof(*p));
	p->fd = -1;
	snprintf(p->name, sizeof(p->name), "%s", mc->device);
	if (port_serial_config(mc, &cfg, err, errlen) == -1) {
		goto fail;
	}
	if (sp_get_port_by_name(mc->device, &p->sp) != SP_OK) {
		sp_error(err, errlen, "find", mc->device);
		goto fail;
	}
	if (sp_open(p->sp, SP_MODE_READ_WRITE) != SP_OK) {
		sp_error(err, errlen, "open", mc->device);
		goto fail;
	}
	if (sp_set_config(p->sp, cfg) != SP_OK) {
		sp_error(err, errlen, "set 8N1, speed and flow control of",
		    mc->device);
		goto fail;
	}
	if (sp_get_port_handle(p->sp, &p->fd) != SP_OK) {
		sp_error(err, errlen, "get descriptor of", mc->device);
		goto fail;
	}
	sp_free_config(cfg);
	return p;

fail:
	sp_free_config(cfg);
	port_close(p);
	return NULL;
}

/* Split "tcp:HOST:PORT" (HOST may be "[v6addr]") into host and service. */
static int
split_tcp(const char *dev, char *host, size_t hostlen, char *serv,
    size_t servlen)
{
	const char *hp = dev + 4, *colon;
	size_t n;

	colon = strrchr(hp, ':');
	if (colon == NULL || colon == hp || colon[1] == '\0') {
		return -1;
	}
	n = (size_t)(colon - hp);
	if (hp[0] == '[' && colon[-1] == ']') {
		hp++;
		n -= 2;
	}
	if (n == 0 || n >= hostlen || strlen(colon + 1) >= servlen) {
		return -1;
	}
	memcpy(host, hp, n);
	host[n] = '\0';
	snprintf(serv, servlen, "%s", colon + 1);
	return 0;
}

static struct port *
open_tcp(const struct modem_conf *mc, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	char host[256], serv[16];
	struct port *p;
	int one = 1, rc, saved = 0;

	if (split_tcp(mc->device, host, sizeof(host), serv, sizeof(serv))) {
		snprintf(err, errlen, "open '%s': not tcp:HOST:PORT",
		    mc->device);
		return NULL;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(host, serv, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "resolve '%s': %s", mc->device,
		    gai_strerror(rc));
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->fd = -1;
	snprintf(p->name, sizeof(p->name), "%s", mc->device);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		p->fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (p->fd == -1) {
			saved = errno;
			continue;
		}
		/* AT exchanges are small and latency-bound. */
		setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		setsockopt(p->fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
		if (connect(p->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			break;
		}
		if (errno == EINPROGRESS) {
			p->connecting = true;
			break;
		}
		saved = errno;
		close(p->fd);
		p->fd = -1;
	}
	freeaddrinfo(res);
	if (p->fd == -1) {
		snprintf(err, errlen, "connect '%s': %s", mc->device,
		    strerror(saved));
		free(p);
		return NULL;
	}
	return p;
}

struct port *
port_open(const struct modem_conf *mc, char *err, size_t errlen)
{
	if (strncmp(mc->device, "tcp:", 4) == 0) {
		return open_tcp(mc, err, errlen);
	}
	return open_serial(mc, err, errlen);
}

void
port_close(struct port *p)
{
	if (p == NULL) {
		return;
	}
	if (p->sp != NULL) {
		sp_close(p->sp);
		sp_free_port(p->sp);
	} else if (p->fd != -1) {
		close(p->fd);
	}
	free(p);
}

int
port_fd(const struct port *p)
{
	return p->fd;
}

bool
port_connecting(const struct port *p)
{
	return p->connecting;
}

int
port_finish_connect(struct port *p, char *err, size_t errlen)
{
	socklen_t sl = sizeof(int);
	int soerr = 0;

	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1) {
		soerr = errno;
	}
	if (soerr != 0) {
		snprintf(err, errlen, "connect '%s': %s", p->name,
		    strerror(soerr));
		return -1;
	}
	p->connecting = false;
	return 0;
}

ssize_t
port_read(struct port *p, void *buf, size_t len, char *err, size_t errlen)
{
	enum sp_return r;
	ssize_t n;

	if (p->sp != NULL) {
		r = sp_nonblocking_read(p->sp, buf, len);
		if (r < 0) {
			sp_error(err, errlen, "read", p->name);
			return -1;
		}
		return r;
	}
	n = read(p->fd, buf, len);
	if (n == 0) {
		snprintf(err, errlen, "read '%s': connection closed", p->name);
		return -1;
	}
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR) {
			return 0;
		}
		snprintf(err, errlen, "read '%s': %s", p->name,
		    strerror(errno));
		return -1;
	}
	return n;
}

ssize_t
port_write(struct port *p, const void *buf, size_t len, char *err,
    size_t errlen)
{
	enum sp_return r;
	ssize_t n;

	if (p->sp != NULL) {
		r = sp_nonblocking_write(p->sp, buf, len);
		if (r < 0) {
			sp_error(err, errlen, "write", p->name);
			return -1;
		}
		return r;
	}
	n = send(p->fd, buf, len, MSG_NOSIGNAL);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR) {
			return 0;
		}
		snprintf(err, errlen, "write '%s': %s", p->name,
		    strerror(errno));
		return -1;
	}
	return n;
}
