// The body the benchmark's HTTP server returns and both daemons hash (digest in the configuration).
export function benchBody(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 0x61 + (i % 26);
  return b;
}
