/* Argument checking: every getter throws a TypeError/RangeError naming the argument. */
#include "common.h"

#include <stdio.h>
#include <string.h>

napi_value ka_undefined(napi_env env) {
  napi_value v = NULL;
  napi_get_undefined(env, &v);
  return v;
}

napi_value ka_int32(napi_env env, int32_t v) {
  napi_value r = NULL;
  napi_create_int32(env, v, &r);
  return r;
}

static void type_error(napi_env env, const char *name, const char *expected) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s must be %s", name, expected);
  ka_throw_type(env, msg);
}

int ka_arg_int32(napi_env env, napi_value v, const char *name, int32_t *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
    type_error(env, name, "a number");
    return -1;
  }
  double d;
  napi_get_value_double(env, v, &d);
  if (d != (double)(int32_t)d) {
    type_error(env, name, "a 32-bit integer");
    return -1;
  }
  *out = (int32_t)d;
  return 0;
}

static int typed_array(napi_env env, napi_value v, napi_typedarray_type want, void **data,
                       size_t *count) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return -1;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, count, data, &ab, &off) != napi_ok) return -1;
  if (type != want) return -1;
  return 0;
}

int ka_arg_bytes(napi_env env, napi_value v, const char *name, uint8_t **data, size_t *len) {
  void *p = NULL;
  if (typed_array(env, v, napi_uint8_array, &p, len) != 0) {
    type_error(env, name, "a Buffer or Uint8Array");
    return -1;
  }
  *data = p;
  return 0;
}

int ka_arg_int32s(napi_env env, napi_value v, const char *name, int32_t **data, size_t *count) {
  void *p = NULL;
  if (typed_array(env, v, napi_int32_array, &p, count) != 0) {
    type_error(env, name, "an Int32Array");
    return -1;
  }
  *data = p;
  return 0;
}

int ka_arg_string(napi_env env, napi_value v, const char *name, char *out, size_t size) {
  napi_valuetype t;
  size_t n = 0;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_string) {
    type_error(env, name, "a string");
    return -1;
  }
  if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok || n >= size) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s is longer than %zu bytes", name, size - 1);
    ka_throw_range(env, msg);
    return -1;
  }
  napi_get_value_string_utf8(env, v, out, size, &n);
  return 0;
}

int ka_arg_range(napi_env env, napi_value v, napi_value off, napi_value len, uint8_t **data,
                 size_t *length) {
  uint8_t *p;
  size_t total;
  int32_t o, l;
  if (ka_arg_bytes(env, v, "data", &p, &total) != 0) return -1;
  if (ka_arg_int32(env, off, "offset", &o) != 0) return -1;
  if (ka_arg_int32(env, len, "length", &l) != 0) return -1;
  if (o < 0 || l < 0 || (size_t)o + (size_t)l > total) {
    char msg[160];
    snprintf(msg, sizeof msg, "offset %d + length %d is outside the buffer of %zu bytes", o, l,
             total);
    ka_throw_range(env, msg);
    return -1;
  }
  *data = p + o;
  *length = (size_t)l;
  return 0;
}

/* The property, or NULL when it is absent or undefined. */
static napi_value opt_get(napi_env env, napi_value obj, const char *key) {
  bool has = false;
  napi_value v;
  napi_valuetype t;
  if (napi_has_named_property(env, obj, key, &has) != napi_ok || !has) return NULL;
  if (napi_get_named_property(env, obj, key, &v) != napi_ok) return NULL;
  if (napi_typeof(env, v, &t) != napi_ok || t == napi_undefined) return NULL;
  return v;
}

int ka_opt_int32(napi_env env, napi_value obj, const char *key, int32_t *out) {
  napi_value v = opt_get(env, obj, key);
  return v == NULL ? 0 : ka_arg_int32(env, v, key, out);
}

int ka_opt_bool(napi_env env, napi_value obj, const char *key, int *out) {
  napi_value v = opt_get(env, obj, key);
  napi_valuetype t;
  bool b;
  if (v == NULL) return 0;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_boolean) {
    type_error(env, key, "a boolean");
    return -1;
  }
  napi_get_value_bool(env, v, &b);
  *out = b ? 1 : 0;
  return 0;
}

int ka_opt_string(napi_env env, napi_value obj, const char *key, char *out, size_t size) {
  napi_value v = opt_get(env, obj, key);
  return v == NULL ? 0 : ka_arg_string(env, v, key, out, size);
}
