// The GET request keepalived 2.2.7 sends (request_template in check_http.c): HTTP/1.0 unless http_protocol 1.1,
// "Connection: close" for 1.0C and 1.1, and a Host header that is the virtualhost as given, else the address and
// port (an IPv6 address in brackets, RFC 2732).

export interface HttpRequestParams {
  path: string;
  protocol: '1.0' | '1.0C' | '1.1';
  /** The url's virtualhost, else the checker's, the real server's, the virtual server's; undefined = none. */
  virtualhost: string | undefined;
  /** The address and port connected to. */
  address: string;
  port: number;
}

export function buildHttpRequest(p: HttpRequestParams): string {
  const minor = p.protocol === '1.1' ? 1 : 0;
  const close = p.protocol === '1.0C' || p.protocol === '1.1' ? 'Connection: close\r\n' : '';
  let host: string;
  if (p.virtualhost !== undefined) host = p.virtualhost;
  else host = (p.address.includes(':') ? `[${p.address}]` : p.address) + `:${p.port}`;
  return `GET ${p.path} HTTP/1.${minor}\r\nUser-Agent: KeepAliveClient\r\n${close}Host: ${host}\r\n\r\n`;
}
