# What the HTTP benchmarks (bench.sh, bench-floor.sh) share: their tools, a scratch folder, the
# wait for a server, and the nginx side.

# A scratch folder for the run in $WORK, removed (with every server the script started) at exit.
bench_workdir() {
  WORK="$(mktemp -d)"
  trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
}

# Waits until a server answers on 127.0.0.1:$1 (any status: proxy-floor has no /health).
wait_answering() {
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.1; done
  echo "port $1 never answered"; exit 1
}

# Plain proxy_pass on $NGINX and the nginx+Lua gateway on $GATEWAY, both in front of V4 on
# $CORE. Writes $WORK/nginx.conf.
write_nginx_conf() {
cat >"$WORK/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  lua_package_cpath "/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;;";
  upstream core { server 127.0.0.1:$CORE; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX;
    location / { proxy_pass http://core; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  # The gateway: /api/user/status as V4 auth/profile, its envelope rewritten into the legacy
  # answer the bridge gives (user_status: user_id, status, is_merchant, last_active,
  # online_status, permissions; a V4 failure as 2001 with V4's message).
  server {
    listen 127.0.0.1:$GATEWAY;
    location = /api/user/status {
      proxy_pass http://core/api/v4/unified-engine/auth/profile;
      proxy_http_version 1.1; proxy_set_header Connection "";
      header_filter_by_lua_block { ngx.header.content_length = nil; ngx.header["Content-Type"] = "application/json; charset=utf-8" }
      body_filter_by_lua_block {
        local cjson = require "cjson"
        local parts = ngx.ctx.parts or {}
        ngx.ctx.parts = parts
        parts[#parts + 1] = ngx.arg[1]
        if not ngx.arg[2] then ngx.arg[1] = nil return end
        local ok, v4 = pcall(cjson.decode, table.concat(parts))
        local out
        if ok and v4.success and type(v4.data) == "table" and type(v4.data.user) == "table" then
          local u = v4.data.user
          local merchant = false
          for _, r in ipairs(u.roles or {}) do if r.role_name == "merchant" then merchant = true end end
          local now = ngx.now()
          out = { code = 0, msg = "success", message = "success", data = {
            user_id = u.user_id, status = u.status, is_merchant = merchant,
            last_active = os.date("!%Y-%m-%dT%H:%M:%S", math.floor(now)) .. string.format(".%03dZ", math.floor((now % 1) * 1000)),
            online_status = "online",
            permissions = { can_upload_photo = true, can_exchange = true, can_lottery = true, can_apply_merchant = not merchant } } }
        else
          local message = ok and v4.message or "upstream answer unreadable"
          out = { code = 2001, msg = message, message = message, data = cjson.null }
        end
        ngx.arg[1] = cjson.encode(out)
      }
    }
  }
}
NGINX
}

# wrk, nginx, its Lua module and lua-cjson, from Debian, when missing.
install_bench_tools() {
  need=()
  for pkg in wrk nginx; do command -v "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  [ -f /usr/lib/nginx/modules/ngx_http_lua_module.so ] || need+=(libnginx-mod-http-lua)
  [ -f /usr/lib/x86_64-linux-gnu/lua/5.1/cjson.so ] || need+=(lua-cjson)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
  fi
}
