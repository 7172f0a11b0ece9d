/*
 * Unit tests of port. A serial device cannot be simulated here
 * (libserialport refuses pseudo-terminals), so this checks the settings
 * gopyd asks libserialport for, read back through libserialport itself,
 * and what opening a missing device says; the TCP path is exercised by
 * every integration test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libserialport.h>

#include "port.h"

static void
test_serial_config(void **state)
{
	static const int bauds[] = {
		9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
	};
	static const struct {
		enum conf_flow flow;
		enum sp_rts rts;
		enum sp_cts cts;
		enum sp_xonxoff xonxoff;
	} flows[] = {
		{ CONF_FLOW_NONE, SP_RTS_ON, SP_CTS_IGNORE, SP_XONXOFF_DISABLED },
		{ CONF_FLOW_RTSCTS, SP_RTS_FLOW_CONTROL, SP_CTS_FLOW_CONTROL,
		    SP_XONXOFF_DISABLED },
		{ CONF_FLOW_XONXOFF, SP_RTS_ON, SP_CTS_IGNORE,
		    SP_XONXOFF_INOUT },
	};
	struct sp_port_config *cfg;
	struct modem_conf mc;
	enum sp_parity parity;
	enum sp_xonxoff xonxoff;
	enum sp_rts rts;
	enum sp_cts cts;
	enum sp_dtr dtr;
	char err[256];
	size_t b, f;
	int v;

	(void)state;
	for (b = 0; b < sizeof(bauds) / sizeof(bauds[0]); b++) {
		for (f = 0; f < sizeof(flows) / sizeof(flows[0]); f++) {
			memset(&mc, 0, sizeof(mc));
			snprintf(mc.device, sizeof(mc.device), "/dev/ttyUSB2");
			mc.baud = bauds[b];
			mc.flow = flows[f].flow;
			if (port_serial_config(&mc, &cfg, err,
			    sizeof(err)) == -1) {
				fail_msg("baud %d flow %d: %s", bauds[b],
				    flows[f].flow, err);
			}
			assert_int_equal(sp_get_config_baudrate(cfg, &v), SP_OK);
			assert_int_equal(v, bauds[b]);
			assert_int_equal(sp_get_config_bits(cfg, &v), SP_OK);
			assert_int_equal(v, 8);
			assert_int_equal(sp_get_config_parity(cfg, &parity),
			    SP_OK);
			assert_int_equal(parity, SP_PARITY_NONE);
			assert_int_equal(sp_get_config_stopbits(cfg, &v), SP_OK);
			assert_int_equal(v, 1);
			assert_int_equal(sp_get_config_rts(cfg, &rts), SP_OK);
			assert_int_equal(rts, flows[f].rts);
			assert_int_equal(sp_get_config_cts(cfg, &cts), SP_OK);
			assert_int_equal(cts, flows[f].cts);
			assert_int_equal(sp_get_config_xon_xoff(cfg, &xonxoff),
			    SP_OK);
			assert_int_equal(xonxoff, flows[f].xonxoff);
			assert_int_equal(sp_get_config_dtr(cfg, &dtr), SP_OK);
			assert_int_equal(dtr, SP_DTR_ON);
			sp_free_config(cfg);
		}
	}
}

/* A missing device or a bad address is an error that names it. */
static void
test_open_errors(void **state)
{
	static const struct {
		const char *device;
		const char *want;
	} cases[] = {
		{ "/dev/ttyGOPYNONE0", "/dev/ttyGOPYNONE0" },
		{ "tcp:127.0.0.1", "not tcp:HOST:PORT" },
		{ "tcp::7000", "not tcp:HOST:PORT" },
		{ "tcp:no.such.host.invalid:7000", "resolve" },
	};
	struct modem_conf mc;
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&mc, 0, sizeof(mc));
		snprintf(mc.device, sizeof(mc.device), "%s", cases[i].device);
		mc.baud = 115200;
		err[0] = '\0';
		if (port_open(&mc, err, sizeof(err)) != NULL ||
		    strstr(err, cases[i].want) == NULL) {
			fail_msg("'%s': error '%s'", cases[i].device, err);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serial_config),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests_name("port", tests, NULL, NULL);
}
