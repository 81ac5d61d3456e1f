/* Module init: the function table of the keepalived-ts native addon (see src/net/addon/). */
#include "common.h"

static napi_value constant(napi_env env, int32_t v) {
  return ka_int32(env, v);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"openPacket", NULL, ka_js_open_packet, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sendFrame", NULL, ka_js_send_frame, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openRaw", NULL, ka_js_open_raw, NULL, NULL, NULL, napi_enumerable, NULL},
      {"joinGroup", NULL, ka_js_join_group, NULL, NULL, NULL, napi_enumerable, NULL},
      {"leaveGroup", NULL, ka_js_leave_group, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sendTo", NULL, ka_js_send_to, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sendBatch", NULL, ka_js_send_batch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"startReceive", NULL, ka_js_start_receive, NULL, NULL, NULL, napi_enumerable, NULL},
      {"stopReceive", NULL, ka_js_stop_receive, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, ka_js_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isOpen", NULL, ka_js_is_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fdOf", NULL, ka_js_fd_of, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ifIndex", NULL, ka_js_if_index, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ifName", NULL, ka_js_if_name, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ifMac", NULL, ka_js_if_mac, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ifLinkProbe", NULL, ka_js_if_link_probe, NULL, NULL, NULL, napi_enumerable, NULL},
      {"syslogOpen", NULL, ka_js_syslog_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"syslogSend", NULL, ka_js_syslog_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"syslogClose", NULL, ka_js_syslog_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"signalWatch", NULL, ka_js_signal_watch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"signalUnwatch", NULL, ka_js_signal_unwatch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openMarkedStream", NULL, ka_js_open_marked_stream, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openMarkedDatagram", NULL, ka_js_open_marked_datagram, NULL, NULL, NULL, napi_enumerable, NULL},
      {"localName", NULL, ka_js_local_name, NULL, NULL, NULL, napi_enumerable, NULL},
      {"META_STRIDE", NULL, NULL, NULL, NULL, constant(env, KA_META_STRIDE), napi_enumerable, NULL},
      {"DESC_STRIDE", NULL, NULL, NULL, NULL, constant(env, KA_DESC_STRIDE), napi_enumerable, NULL},
      {"MAX_RECV_SLOTS", NULL, NULL, NULL, NULL, constant(env, KA_MAX_RECV_SLOTS), napi_enumerable,
       NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) {
    return NULL;
  }
  return exports;
}

NAPI_MODULE_INIT() {
  return init(env, exports);
}
