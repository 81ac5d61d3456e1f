{
  "targets": [
    {
      "target_name": "keepalived_native",
      "sources": [
        "addon.c",
        "args.c",
        "datagram_socket.c",
        "errors.c",
        "handle.c",
        "iface.c",
        "linkbeat.c",
        "local_name.c",
        "packet_socket.c",
        "raw_recv.c",
        "raw_send.c",
        "raw_socket.c",
        "signals.c",
        "stream_socket.c",
        "syslog.c"
      ],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-O2"],
      "conditions": [
        ["OS!='linux'", { "type": "none" }]
      ]
    }
  ]
}
