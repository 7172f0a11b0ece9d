/*
 * The byte transport to the modem: a serial device through libserialport
 * (8N1, the configured baud rate and flow control), or a raw TCP connection
 * "tcp:HOST:PORT" as ser2net serves a remote modem (and as the tests' modem
 * simulator does). Non-blocking; the caller polls port_fd.
 */
#ifndef GOPY_PORT_H
#define GOPY_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"

struct port;
struct sp_port_config;

/*
 * Open the device named in mc. A TCP connection may still be in progress:
 * then port_connecting is true and the caller waits for POLLOUT and calls
 * port_finish_connect. Returns NULL with a message in err on failure.
 * Free with port_close.
 */
struct port *port_open(const struct modem_conf *mc, char *err, size_t errlen);

/*
 * The libserialport settings for mc: its baud rate, 8 data bits, no
 * parity, 1 stop bit and its flow control (libserialport applies no
 * defaults). Returns 0 with *cfg to free with sp_free_config, or -1 with a
 * message in err.
 */
int	port_serial_config(const struct modem_conf *mc,
	    struct sp_port_config **cfg, char *err, size_t errlen);

/* Close the device and free p. NULL is fine. */
void	port_close(struct port *p);

/* The descriptor to poll. */
int	port_fd(const struct port *p);

/* Whether a TCP connect is still in progress. */
bool	port_connecting(const struct port *p);

/* Complete a connect after POLLOUT. Returns 0, or -1 with err set. */
int	port_finish_connect(struct port *p, char *err, size_t errlen);

/*
 * Read what is available, up to len bytes. Returns the count (0 when
 * nothing is available), or -1 with err set on end of file or error: the
 * device is gone and must be reopened.
 */
ssize_t	port_read(struct port *p, void *buf, size_t len, char *err,
	    size_t errlen);

/* Write what the device takes now. Returns the count or -1 with err set. */
ssize_t	port_write(struct port *p, const void *buf, size_t len, char *err,
	    size_t errlen);

#endif
