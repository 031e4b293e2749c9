#!/usr/bin/env python3
"""Stateful test double of the V4 unified-engine backend.

Written from seed document 003 ("V4.0 实际验证版", shared/reference/seeds/003_990484443a58b5bf.decoded.txt);
where 003 is silent, from seed document 002. Its behaviour is NOT derived from Sources/V4Core (only the
`--seed demo` data set is copied from the core's demo seeder).
Every handler carries the 003 line numbers ("# 003 L…") of the example it reproduces.

    python3 Tests/V4Double/v4_double.py --port 0 --port-file /tmp/v4.port [--seed default|none|demo]

`--seed demo` loads the data set of the embedded core's demo (users, campaign, prizes, products), so
the legacy golden recordings can be replayed here; the answers keep 003's shapes.

Test-control endpoints live under /__double/ (state, fault, reset, load, grant-role, revoke-role,
rate-limit, mint-token); they are not part of V4. Python 3.11 stdlib only.
"""
import argparse
import base64
import copy
import hashlib
import hmac
import json
import os
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

BJ = timezone(timedelta(hours=8))  # 003 L1069-1085: API times are Beijing time, ISO 8601 with offset
UE = "/api/v4/unified-engine"
MAX_FILE = 10 * 1024 * 1024  # 003 L2613 / L4977: 10MB
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".gif", ".webp"}  # 003 L172-175: Multer 10MB, jpg/png/gif/webp
IMAGE_MIME = {"image/jpeg", "image/jpg", "image/png", "image/gif", "image/webp"}
TOO_MANY = "Too many requests"  # 003 L552-555 express-rate-limit message


def iso(ts=None):
    """'2025-10-04T09:15:30+08:00' (003 L1074-1080)."""
    return datetime.fromtimestamp(time.time() if ts is None else ts, BJ).isoformat(timespec="seconds")


def bj_day(ts):
    return datetime.fromtimestamp(ts, BJ).strftime("%Y-%m-%d")


def bj_month(ts):
    return datetime.fromtimestamp(ts, BJ).strftime("%Y-%m")


def mask_mobile(m):  # 003 L5445-5448: 138****8000
    return m[:3] + "****" + m[-4:] if m and len(m) >= 11 else m


def pct(part, whole):  # "90.0"-style strings (003 L2012, L2773)
    return "%.1f" % (100.0 * part / whole) if whole else "0.0"


# ----------------------------------------------------------------------------------------------
# Errors: 003 L4875-4886 (standard failure envelope), codes/statuses from the tables L4888-5050
# and the per-endpoint tables (L1237-1243, L1344-1350, L1670-1678, L2374-2379, L2609-2614).
# ----------------------------------------------------------------------------------------------
ERRORS = {
    "INTERNAL_SERVER_ERROR": (500, "服务器内部错误"),
    "INVALID_REQUEST": (400, "无效的请求"),
    "MISSING_PARAMETER": (400, "缺少必需参数"),
    "INVALID_PARAMETER": (400, "参数格式错误"),
    "INVALID_PAGINATION": (400, "无效的分页参数"),
    "TOKEN_MISSING": (401, "Token缺失"),
    "TOKEN_INVALID": (401, "Token无效"),
    "TOKEN_EXPIRED": (401, "Token已过期"),
    "REFRESH_TOKEN_REQUIRED": (400, "刷新Token不能为空"),
    "INVALID_REFRESH_TOKEN": (401, "刷新Token无效"),
    "INVALID_REFRESH_TOKEN_FORMAT": (401, "刷新Token格式错误"),
    "REFRESH_TOKEN_EXPIRED": (401, "刷新Token已过期"),
    "MOBILE_REQUIRED": (400, "手机号不能为空"),
    "INVALID_MOBILE": (400, "手机号格式错误"),
    "INVALID_VERIFICATION_CODE": (400, "验证码错误"),
    "USER_NOT_FOUND": (404, "用户不存在"),
    "ROLE_NOT_FOUND": (404, "角色不存在"),
    "USER_INACTIVE": (403, "用户账户已被禁用"),
    "PERMISSION_DENIED": (403, "权限不足"),
    "ADMIN_ONLY": (403, "仅管理员可访问"),
    "SELF_ONLY": (403, "只能访问自己的数据"),
    "NO_CAMPAIGN_PERMISSION": (403, "您没有参加此活动的权限，请联系管理员"),
    "NO_ACTIVE_CAMPAIGN": (404, "当前没有可用的抽奖活动"),
    "CAMPAIGN_NOT_FOUND": (404, "活动不存在或已结束"),
    "INSUFFICIENT_POINTS": (400, "积分不足"),
    "MAX_DRAWS_EXCEEDED": (400, "超过每日最大抽奖次数"),
    "INVALID_DRAW_COUNT": (400, "抽奖次数无效（1-10）"),
    "PRIZE_OUT_OF_STOCK": (400, "奖品库存不足"),
    "POINTS_ACCOUNT_NOT_FOUND": (404, "积分账户不存在"),
    "INSUFFICIENT_BALANCE": (400, "余额不足"),
    "INVALID_POINTS_AMOUNT": (400, "积分数量无效"),
    "PRODUCT_NOT_FOUND": (404, "商品不存在"),
    "PRODUCT_OUT_OF_STOCK": (400, "商品库存不足"),
    "EXCHANGE_NOT_FOUND": (404, "兑换记录不存在"),
    "EXCHANGE_CANNOT_CANCEL": (400, "兑换记录不可取消"),
    "NO_IMAGE_FILE": (400, "未上传图片文件"),
    "INVALID_FILE_TYPE": (400, "不支持的文件类型"),
    "FILE_TOO_LARGE": (400, "文件大小超过限制（最大10MB）"),
    "IMAGE_NOT_FOUND": (404, "图片不存在"),
    "IMAGE_ALREADY_REVIEWED": (400, "图片已审核，不可重复审核"),
    "SYSTEM_MAINTENANCE": (503, "系统维护中"),
}


class ApiError(Exception):
    def __init__(self, code, message=None, data=None, status=None):
        super().__init__(code)
        st, msg = ERRORS[code]
        self.code, self.status = code, status or st
        self.message, self.data = message or msg, data


def error_body(code, message, data=None):
    # 003 L4875-4886: {success, message, error, code, data, timestamp}
    return {"success": False, "message": message, "error": code, "code": code,
            "data": data, "timestamp": iso()}


def ok(message, data, code=None):
    # 003 L641-655 success envelope, trimmed per endpoint to the keys its example shows
    body = {"success": True}
    if message is not None:
        body["message"] = message
    if code is not None:
        body["code"] = code
    body["data"] = data
    return body


# ----------------------------------------------------------------------------------------------
# HS256 JWT (003 L779-793: access 24h + refresh 7d, "configurable"; refresh checks type 'refresh',
# L1313-1318). Claims: user_id, mobile, role_level, type, jti, iat, exp.
# ----------------------------------------------------------------------------------------------
def b64u(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Jwt:
    def __init__(self, secret):
        self.secret = secret.encode()

    def sign(self, claims):
        head = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64u(json.dumps(claims, separators=(",", ":")).encode())
        sig = hmac.new(self.secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
        return f"{head}.{body}.{b64u(sig)}"

    def verify(self, token):
        """-> claims; raises ValueError('format'|'signature'|'expired')."""
        parts = token.split(".") if isinstance(token, str) else []
        if len(parts) != 3:
            raise ValueError("format")
        try:
            header = json.loads(b64u_dec(parts[0]))
            claims = json.loads(b64u_dec(parts[1]))
            sig = b64u_dec(parts[2])
        except (ValueError, TypeError):
            raise ValueError("format")
        good = hmac.new(self.secret, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        if header.get("alg") != "HS256" or not hmac.compare_digest(sig, good) or not isinstance(claims, dict):
            raise ValueError("signature")
        if "exp" in claims and time.time() >= claims["exp"]:
            raise ValueError("expired")
        return claims


# ----------------------------------------------------------------------------------------------
# State. Models follow 003's "数据库模型参考" (L4440-4860): users L4446, roles L4486-4530,
# user_points_accounts L4608, points_records L4627, lottery_campaigns L4647, lottery_prizes L4670,
# products L4694, user_inventories L4718, exchange_records L4744, image_resources L4767.
# ----------------------------------------------------------------------------------------------
ROLE_UUIDS = {  # 003 L4524-4533 example role rows (L4529 admin uuid)
    "admin": "550e8400-e29b-41d4-a716-446655440000",
    "user": "550e8400-e29b-41d4-a716-446655440001",
    "campaign_1": "550e8400-e29b-41d4-a716-446655440002",
    "campaign_5": "550e8400-e29b-41d4-a716-446655440003",
}
ROLE_LEVELS = {"admin": 100, "user": 0}  # 003 L4513-4520 (campaign_* are 0)
PRIZE_LOOK = {  # DataSanitizer getPrizeIcon / calculateRarity / getDisplayValue by prize_type (003 L5284-5300)
    "points": ("🪙", "common", "基础价值"),
    "voucher": ("🎫", "uncommon", "中价值"),
    "physical": ("🎁", "rare", "高价值"),
}
ITEM_ICONS = {"voucher": "🎫", "points": "🪙", "exchange": "🎁", "prize": "🎁"}
STATUS_TEXT = {"pending": "待发货", "completed": "已完成", "cancelled": "已取消"}  # 003 L2406, L2454, L3960


def role_row(name):
    rid = ROLE_UUIDS.get(name) or str(uuid.uuid5(uuid.NAMESPACE_URL, "v4-double-role:" + name))
    return {"role_uuid": rid, "role_name": name, "role_level": ROLE_LEVELS.get(name, 0)}


def seed_state(kind, now):
    s = {"users": {}, "accounts": {}, "ledger": [], "campaigns": {}, "prizes": {}, "products": {},
         "exchanges": {}, "inventory": {}, "uploads": {}, "draws": [], "revoked_jti": [], "announcements": [],
         "seq": {"user": 0, "tx": 1000, "draw": 0, "exchange": 100, "item": 0, "upload": 300, "announcement": 0}}
    if kind == "none":
        return s
    if kind == "demo":
        return seed_demo(s, now)
    day = 86400

    def user(mobile, nickname, roles):
        s["seq"]["user"] += 1
        uid = s["seq"]["user"]
        s["users"][uid] = {"user_id": uid, "mobile": mobile, "nickname": nickname, "status": "active",
                           "roles": list(roles), "consecutive_fail_count": 0, "created_at": now - 30 * day,
                           "last_login": None, "login_count": 0}
        s["accounts"][uid] = {"available_points": 0, "total_earned": 0, "total_consumed": 0}
        return uid

    # 003 examples: user 1 = 13800138000; admin user 2 = 13900139000 "管理员A" (L2958-2962, reviewed_by 2 at L2696).
    a = user("13800138000", "用户8000", ["user", "campaign_1"])
    adm = user("13900139000", "管理员A", ["admin"])
    b = user("13700137000", "用户7000", ["user"])
    for uid in (a, adm, b):
        post_ledger(s, uid, "earn", 1000, "system_grant", "system", "初始积分", "测试种子积分", None, now - 30 * day)
    # Campaign: 003 L1439 fixed code BASIC_LOTTERY, L1564-1582 config, L3717-3723 guarantee rule.
    s["campaigns"][1] = {"campaign_id": 1, "campaign_code": "BASIC_LOTTERY", "campaign_name": "餐厅积分抽奖",
                         "status": "active", "draw_cost": 100, "max_draws_per_day": 10,
                         "start_time": now - 7 * day, "end_time": now + 365 * day,
                         "description": "餐厅积分抽奖，好礼等你来", "created_at": now - 10 * day,
                         "guarantee_rule": {"enabled": True, "trigger_count": 10, "guarantee_prize_id": 3,
                                            "reset_after_trigger": True}}
    for pid, name, ptype, prob, stock, value, cost, maxd in (
            (1, "100积分", "points", 0.45, 9999, 100, 50, 100),   # 003 L1493-1505 (admin example)
            (2, "优惠券", "voucher", 0.25, 500, 10, 5, 50),       # 003 L1468-1477
            (3, "500积分", "points", 0.05, 100, 500, 250, 5),     # 003 L3721 guarantee prize
            (4, "精美餐具套装", "physical", 0.25, 20, 298, 150, 3)):
        s["prizes"][pid] = {"prize_id": pid, "campaign_id": 1, "prize_name": name, "prize_type": ptype,
                            "win_probability": prob, "stock_quantity": stock, "prize_value": value,
                            "cost_points": cost, "max_daily_wins": maxd, "daily_win_count": 0,
                            "daily_win_day": bj_day(now), "status": "active", "icon": PRIZE_LOOK[ptype][0]}
    for pid, name, cat, space, pts, stock, orig, costp, rating in (
            (1, "无线耳机", "electronics", "lucky", 500, 150, 299, 180, "4.5"),  # 003 L2278-2292
            (2, "智能手环", "electronics", "premium", 800, 5, 399, 250, "4.3"),  # 003 L3882-3893
            (3, "精品咖啡券", "food", "both", 200, 0, 35, 12, "4.8"),
            (4, "餐厅定制餐具", "daily", "lucky", 300, 50, 128, 60, "4.6")):
        s["products"][pid] = {"product_id": pid, "name": name, "description": name, "category": cat,
                              "space": space, "exchange_points": pts, "stock": stock, "original_price": orig,
                              "cost_price": costp, "image": f"https://sealos.xxx/products/product_{pid}.jpg",
                              "status": "active", "rating": rating, "total_exchanges": 0,
                              "created_at": now - 20 * day}
    return s


# `--seed demo`: the data set the embedded core seeds for `serve --demo` (Sources/V4Core/Demo/DemoSeeder.swift,
# UserDirectory.findOrCreate, AdminAccounts.upsert), recast into 003's model so the legacy golden recordings
# (LegacyFixtures/golden/**, recorded against that demo) can be replayed here. Only the data differs from
# `default`; every answer keeps its 003 shape. Ids follow the core's autoincrement order (users 1-3,
# ledger rows 1-2, prizes 1-8, products 1-6; draws/exchanges/items/uploads start at 1).
DEMO_UNLIMITED = 999999  # the core stores NULL (no cap) for prize stock and daily wins; 003's model has an INT


def seed_demo(s, now):
    s["seq"] = {"user": 0, "tx": 0, "draw": 0, "exchange": 0, "item": 0, "upload": 0}
    day = 86400

    def user(mobile, nickname, roles, bonus):
        s["seq"]["user"] += 1
        uid = s["seq"]["user"]
        s["users"][uid] = {"user_id": uid, "mobile": mobile, "nickname": nickname, "status": "active",
                           "roles": list(roles), "consecutive_fail_count": 0, "created_at": now,
                           "last_login": None, "login_count": 0}
        s["accounts"][uid] = {"available_points": 0, "total_earned": 0, "total_consumed": 0}
        if bonus:  # UserDirectory.findOrCreate: the registration bonus (CoreConfiguration.registrationBonus = 1000)
            post_ledger(s, uid, "earn", 1000, "register_bonus", "register", "新用户注册奖励", "新用户奖励1000积分",
                        None, now)
        return uid

    # 1: the demo test user; campaign_1 so that draws pass 003's checkCampaignPermission (L5499-5532).
    user("13800138000", "开发测试用户", ["user", "campaign_1"], True)
    # 2: the demo merchant. 003 has no merchant role, so the double gives it `admin` (role level 100):
    # 003 lets admins review photos, which is what the legacy merchant routes need.
    user("13900139000", "演示商家", ["admin", "user"], True)
    # 3: AdminAccounts.upsert("admin"): pseudo-mobile admin_admin, no points and no ledger rows. 003 has no
    # username/password login, so this user can only act through /__double/mint-token.
    user("admin_admin", "管理员_admin", ["admin", "user"], False)

    # Campaign 1 (DemoSeeder.seedLottery). The core's end_time is NULL (open-ended); 003's model and the
    # double's handlers need a time, so it ends ten years from now.
    s["campaigns"][1] = {"campaign_id": 1, "campaign_code": "BASIC_LOTTERY", "campaign_name": "餐厅积分抽奖",
                         "status": "active", "draw_cost": 100, "max_draws_per_day": 50,
                         "start_time": now - day, "end_time": now + 3650 * day,
                         "description": "8区域转盘，10次保底九八折券", "created_at": now,
                         "guarantee_rule": {"enabled": True, "trigger_count": 10, "guarantee_prize_id": 2,
                                            "guarantee_prize_name": "九八折券", "reset_after_trigger": True}}
    # The 8-segment wheel: name, type, weight, value, color, value_text, icon (angles 0..315 step 45).
    wheel = (("八八折券", "coupon", 0.00, 88, "#E74C3C", "88.00", "🎫"),
             ("九八折券", "coupon", 0.10, 98, "#27AE60", "98.00", "🎫"),
             ("甜品1份", "physical", 0.30, 0, "#F39C12", None, "🍰"),
             ("青菜1份", "physical", 0.30, 0, "#2ECC71", None, "🥬"),
             ("虾1份", "physical", 0.05, 0, "#E67E22", None, "🦐"),
             ("花甲1份", "physical", 0.20, 0, "#3498DB", None, "🐚"),
             ("鱿鱼1份", "physical", 0.05, 0, "#9B59B6", None, "🦑"),
             ("生腌拼盘158", "physical", 0.00, 158, "#1ABC9C", None, "🍱"))
    for i, (name, ptype, prob, value, color, vtext, icon) in enumerate(wheel):
        pid = i + 1
        s["prizes"][pid] = {"prize_id": pid, "campaign_id": 1, "prize_name": name, "prize_type": ptype,
                            "win_probability": prob, "stock_quantity": DEMO_UNLIMITED, "prize_value": value,
                            "cost_points": 0, "max_daily_wins": DEMO_UNLIMITED, "daily_win_count": 0,
                            "daily_win_day": bj_day(now), "status": "active", "icon": icon,
                            # core-only fields (not in 003's model; no handler shows them, /__double/state does)
                            "angle": i * 45, "color": color, "sort_order": pid, "value_text": vtext}
    # DemoSeeder.seedProducts: name, category, points, stock, original price, hot, discount %, ships?
    catalogue = (("八八折优惠券", "voucher", 500, 100, 10.00, True, None, False),
                 ("星巴克咖啡券", "drink", 300, 50, 35.00, True, 86, False),
                 ("招牌甜品兑换券", "food", 200, 80, 18.00, False, None, False),
                 ("生腌拼盘代金券", "voucher", 1500, 20, 158.00, False, None, False),
                 ("定制帆布袋", "gift", 800, 0, 39.00, False, None, True),
                 ("定制保温杯", "gift", 600, 5, 59.00, False, None, True))
    for i, (name, cat, pts, stock, orig, hot, discount, ships) in enumerate(catalogue):
        pid = i + 1
        s["products"][pid] = {"product_id": pid, "name": name, "description": f"{name}（演示数据）", "category": cat,
                              "space": "lucky", "exchange_points": pts, "stock": stock, "original_price": orig,
                              "cost_price": None, "image": None, "status": "active",
                              "rating": None,  # the core has no rating
                              "total_exchanges": 0, "created_at": now,
                              # core-only fields (not in 003's model; no handler shows them)
                              "is_hot": hot, "sort_order": pid, "discount": discount,
                              "delivery_type": "physical" if ships else "virtual"}
    return s


def post_ledger(s, uid, kind, amount, business_type, source_type, title, description, ref, ts):
    """Append a points_records row (003 L4627-4645) and update the account (L4608-4620)."""
    acc = s["accounts"][uid]
    if kind == "earn":
        acc["available_points"] += amount
        acc["total_earned"] += amount
    else:
        acc["available_points"] -= amount
        acc["total_consumed"] += amount
    s["seq"]["tx"] += 1
    row = {"transaction_id": s["seq"]["tx"], "user_id": uid, "transaction_type": kind, "points_amount": amount,
           "balance_after": acc["available_points"], "business_type": business_type, "source_type": source_type,
           "reference_id": ref, "title": title, "description": description, "transaction_time": ts}
    s["ledger"].append(row)
    return row


# ----------------------------------------------------------------------------------------------
# Request context and small helpers shared by the handlers.
# ----------------------------------------------------------------------------------------------
class Ctx:
    def __init__(self, app, method, path, query, params, headers, body_bytes, client_ip):
        self.app, self.s, self.method, self.path = app, app.state, method, path
        self.query, self.params, self.headers, self.raw = query, params, headers, body_bytes
        self.client_ip, self.now, self.user, self.claims = client_ip, time.time(), None, None
        self._json = None

    @property
    def body(self):
        if self._json is None:
            ctype = (self.headers.get("Content-Type") or "").lower()
            if not self.raw or "json" not in ctype:
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.raw.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    raise ApiError("INVALID_REQUEST", "请求体不是有效的JSON")
                if not isinstance(self._json, dict):
                    raise ApiError("INVALID_REQUEST")
        return self._json

    def q(self, name, default=None):
        return self.query.get(name, [default])[0]

    def is_admin(self, user=None):  # requireAdmin / dataAccessControl: role_level >= 100 (003 L5216-5232)
        u = user or self.user
        return any(role_row(r)["role_level"] >= 100 for r in u["roles"])

    def require_admin(self):
        if not self.is_admin():
            raise ApiError("ADMIN_ONLY")

    def path_user_id(self, self_or_admin=True):
        """`:user_id`; only yourself unless admin (003 L1773, L1834, L1973; L2077 self only)."""
        try:
            uid = int(self.params["user_id"])
        except ValueError:
            raise ApiError("INVALID_PARAMETER", "用户ID格式错误")
        if uid != self.user["user_id"] and not (self_or_admin and self.is_admin()):
            raise ApiError("SELF_ONLY")
        return uid

    def paging(self):  # 003 L981-1030 page/limit, default 1/20
        try:
            page, limit = int(self.q("page", 1)), int(self.q("limit", 20))
        except ValueError:
            raise ApiError("INVALID_PAGINATION")
        if page < 1 or limit < 1:
            raise ApiError("INVALID_PAGINATION")
        return page, min(limit, 100)


def paginate(items, page, limit, pages_key="total_pages"):
    total = len(items)
    return items[(page - 1) * limit: page * limit], {"page": page, "limit": limit, "total": total,
                                                     pages_key: (total + limit - 1) // limit}


def int_field(v, code="INVALID_PARAMETER"):
    if isinstance(v, bool):
        raise ApiError(code)
    try:
        if isinstance(v, float) and not v.is_integer():
            raise ValueError
        return int(v)
    except (TypeError, ValueError):
        raise ApiError(code)


def user_public(ctx, u, *keys):
    """The user block of login/refresh/verify/profile (003 L1217-1228, L1325-1333, L1370-1384)."""
    out = {"user_id": u["user_id"], "mobile": u["mobile"]}
    for k in keys:
        if k == "nickname":
            out["nickname"] = u["nickname"]
        elif k == "role_based_admin":
            out["role_based_admin"] = ctx.is_admin(u)
        elif k == "roles":
            out["roles"] = [role_row(r) for r in u["roles"]]
        elif k in ("created_at", "last_login"):
            out[k] = iso(u[k]) if u[k] else None
        elif k == "history_total_points":
            out[k] = ctx.s["accounts"][u["user_id"]]["total_earned"]
        else:
            out[k] = u[k]
    return out


def issue_tokens(ctx, u):
    app, now = ctx.app, int(time.time())
    base = {"user_id": u["user_id"], "mobile": u["mobile"],
            "role_level": max(role_row(r)["role_level"] for r in u["roles"]) if u["roles"] else 0}
    access = app.jwt.sign({**base, "type": "access", "jti": uuid.uuid4().hex, "iat": now, "exp": now + app.access_ttl})
    refresh = app.jwt.sign({**base, "type": "refresh", "jti": uuid.uuid4().hex, "iat": now, "exp": now + app.refresh_ttl})
    return access, refresh


# ----------------------------------------------------------------------------------------------
# Auth handlers — 003 L1178-1422 (+ L779-925 token flow)
# ----------------------------------------------------------------------------------------------
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def check_mobile(body):
    mobile = body.get("mobile")
    if mobile in (None, ""):
        raise ApiError("MOBILE_REQUIRED")
    mobile = str(mobile)
    if not MOBILE_RE.match(mobile):
        raise ApiError("INVALID_MOBILE")
    return mobile


def find_user_by_mobile(s, mobile):
    return next((u for u in s["users"].values() if u["mobile"] == mobile), None)


def mark_login(ctx, u):
    u["last_login"] = ctx.now
    u["login_count"] += 1


def h_login(ctx):  # 003 L1180-1245 (steps L1200-1207, answer L1211-1233, errors L1237-1243)
    body = ctx.body
    mobile = check_mobile(body)
    if str(body.get("verification_code", "")) != ctx.app.verification_code:
        raise ApiError("INVALID_VERIFICATION_CODE")
    u = find_user_by_mobile(ctx.s, mobile)
    if not u:
        raise ApiError("USER_NOT_FOUND")
    if u["status"] != "active":
        raise ApiError("USER_INACTIVE")
    mark_login(ctx, u)
    access, refresh = issue_tokens(ctx, u)
    return ok("登录成功", {"access_token": access, "refresh_token": refresh,
                          "user": user_public(ctx, u, "role_based_admin", "roles", "status", "last_login"),
                          "expires_in": ctx.app.expires_in, "timestamp": iso()})


def h_quick_login(ctx):  # 003 L1247-1295 (auto-creates a normal user, L1264-1268)
    mobile = check_mobile(ctx.body)
    s = ctx.s
    u = find_user_by_mobile(s, mobile)
    if not u:
        s["seq"]["user"] += 1
        uid = s["seq"]["user"]
        u = {"user_id": uid, "mobile": mobile, "nickname": "用户" + mobile[-4:], "status": "active",
             "roles": ["user"], "consecutive_fail_count": 0, "created_at": ctx.now, "last_login": None,
             "login_count": 0}
        s["users"][uid] = u
        s["accounts"][uid] = {"available_points": 0, "total_earned": 0, "total_consumed": 0}
    if u["status"] != "active":
        raise ApiError("USER_INACTIVE")
    mark_login(ctx, u)
    access, refresh = issue_tokens(ctx, u)
    return ok("快速登录成功", {"access_token": access, "refresh_token": refresh,
                            "user": user_public(ctx, u, "nickname", "role_based_admin", "roles", "status",
                                                "created_at", "last_login"),
                            "expires_in": ctx.app.expires_in})


def h_refresh(ctx):  # 003 L1297-1351 (body refresh_token L1306-1310; errors L1344-1350; flow L795-810)
    token = ctx.body.get("refresh_token")
    if not token:
        raise ApiError("REFRESH_TOKEN_REQUIRED")
    try:
        claims = ctx.app.jwt.verify(str(token))
    except ValueError as e:
        raise ApiError({"format": "INVALID_REFRESH_TOKEN_FORMAT", "expired": "REFRESH_TOKEN_EXPIRED"}
                       .get(str(e), "INVALID_REFRESH_TOKEN"))
    if claims.get("type") != "refresh" or claims.get("jti") in ctx.s["revoked_jti"]:
        raise ApiError("INVALID_REFRESH_TOKEN")
    u = ctx.s["users"].get(claims.get("user_id"))
    if not u:
        raise ApiError("INVALID_REFRESH_TOKEN")
    if u["status"] != "active":
        raise ApiError("USER_INACTIVE")
    access, refresh = issue_tokens(ctx, u)
    return ok("Token刷新成功", {"access_token": access, "refresh_token": refresh,
                              "user": user_public(ctx, u, "role_based_admin", "roles", "status"),
                              "expires_in": ctx.app.expires_in})


def h_profile(ctx):  # 003 L1353-1394
    return ok("用户信息获取成功", {"user": user_public(
        ctx, ctx.user, "nickname", "role_based_admin", "roles", "status", "consecutive_fail_count",
        "history_total_points", "created_at", "last_login", "login_count"), "timestamp": iso()})


def h_verify(ctx):  # 003 L1396-1422
    return ok("Token验证成功", {"valid": True, "user": user_public(ctx, ctx.user, "role_based_admin", "roles"),
                              "timestamp": iso()})


def h_logout(ctx):  # 003 L83 names POST /logout (auth.js 260-285) without a shape; shape: 002 L248-275
    ctx.s["revoked_jti"].append(ctx.claims.get("jti"))  # 002 L252: "使Token失效"
    return {"success": True, "code": "LOGOUT_SUCCESS", "message": "登出成功", "data": {"logged_out_at": iso()}}


# ----------------------------------------------------------------------------------------------
# Lottery handlers — 003 L1426-1755; campaign permission 003 L5470-5535 (checkCampaignPermission)
# ----------------------------------------------------------------------------------------------
def campaign_by_code(s, code):
    c = next((c for c in s["campaigns"].values() if c["campaign_code"] == code), None)
    if not c:
        raise ApiError("CAMPAIGN_NOT_FOUND")
    return c


def active_campaign(s, now):
    c = next((c for c in s["campaigns"].values()
              if c["status"] == "active" and c["start_time"] <= now <= c["end_time"]), None)
    if not c:
        raise ApiError("NO_ACTIVE_CAMPAIGN")
    return c


def has_campaign_permission(user, campaign_id):
    # 003 L5499-5532: active user; role 'admin' by NAME → all campaigns; else role campaign_{id}
    if user["status"] != "active":
        return False
    return "admin" in user["roles"] or f"campaign_{campaign_id}" in user["roles"]


def campaign_prizes(s, cid, day):
    out = []
    for p in s["prizes"].values():
        if p["campaign_id"] == cid:
            if p["daily_win_day"] != day:  # 每日重置 (003 L4685)
                p["daily_win_day"], p["daily_win_count"] = day, 0
            out.append(p)
    return sorted(out, key=lambda p: p["prize_id"])


def public_prize(p):  # DataSanitizer.sanitizePrizes public (003 L5284-5305, example L1460-1497)
    icon, rarity, dv = PRIZE_LOOK.get(p["prize_type"], ("🎁", "common", "基础价值"))
    return {"id": p["prize_id"], "name": p["prize_name"], "type": p["prize_type"], "icon": icon,
            "rarity": rarity, "available": p["stock_quantity"] > 0, "display_value": dv, "status": p["status"]}


def full_prize(p):  # dataLevel 'full' (003 L1487-1506)
    keys = ("prize_id", "prize_name", "prize_type", "win_probability", "stock_quantity", "prize_value",
            "cost_points", "max_daily_wins", "daily_win_count", "status", "icon")
    return {k: p[k] for k in keys}


def h_campaigns(ctx):  # 003 L1727-1755
    status = ctx.q("status")
    rows = [{"campaign_id": c["campaign_id"], "campaign_name": c["campaign_name"], "status": c["status"],
             "draw_cost": c["draw_cost"], "start_time": iso(c["start_time"]), "end_time": iso(c["end_time"]),
             "description": c["description"]}
            for c in sorted(ctx.s["campaigns"].values(), key=lambda c: c["campaign_id"])
            if not status or c["status"] == status]
    return ok("活动列表获取成功", rows, "CAMPAIGNS_SUCCESS")


def h_prizes(ctx):  # 003 L1428-1540 (public L1451-1484, admin full L1487-1506)
    c = campaign_by_code(ctx.s, ctx.params["campaignCode"])
    prizes = campaign_prizes(ctx.s, c["campaign_id"], bj_day(ctx.now))
    if ctx.is_admin():
        return {"success": True, "data": [full_prize(p) for p in prizes]}  # admin example shows only these keys
    return ok("奖品列表获取成功", [public_prize(p) for p in prizes], "PRIZES_SUCCESS")


def h_config(ctx):  # 003 L1542-1585 (public shape L1564-1582; no separate admin shape documented)
    c = campaign_by_code(ctx.s, ctx.params["campaignCode"])
    g = c["guarantee_rule"]
    return ok("抽奖配置获取成功", {
        "campaign_id": c["campaign_id"], "campaign_name": c["campaign_name"], "status": c["status"],
        "draw_cost": c["draw_cost"], "max_draws_per_day": c["max_draws_per_day"],
        "guarantee_info": {"exists": bool(g and g.get("enabled")), "description": "连续抽奖有惊喜哦~"}})


def resolve_draw_campaign(ctx):
    # 003 L1600-1609 campaign_code (required); L1617: campaign_id missing or 1 → current active campaign
    body = ctx.body
    code = body.get("campaign_code")
    if code:
        c = campaign_by_code(ctx.s, str(code))
        if c["status"] != "active" or not (c["start_time"] <= ctx.now <= c["end_time"]):
            raise ApiError("NO_ACTIVE_CAMPAIGN")
        return c
    cid = body.get("campaign_id")
    if cid in (None, 1, "1"):
        return active_campaign(ctx.s, ctx.now)
    c = ctx.s["campaigns"].get(int_field(cid))
    if not c:
        raise ApiError("CAMPAIGN_NOT_FOUND")
    return c


def pick_prize(ctx, user, c):
    """Weighted pick on win_probability among in-stock prizes under their daily cap; guarantee rule
    (003 L3716-3723; users.consecutive_fail_count L4456): the trigger_count-th consecutive draw without the guarantee prize yields it."""
    eligible = [p for p in campaign_prizes(ctx.s, c["campaign_id"], bj_day(ctx.now))
                if p["status"] == "active" and p["stock_quantity"] > 0 and p["daily_win_count"] < p["max_daily_wins"]]
    if not eligible:
        raise ApiError("PRIZE_OUT_OF_STOCK")
    g = c.get("guarantee_rule") or {}
    gid = g.get("guarantee_prize_id") if g.get("enabled") else None
    chosen, guaranteed = None, False
    if gid and user["consecutive_fail_count"] + 1 >= g.get("trigger_count", 10):
        chosen = next((p for p in eligible if p["prize_id"] == gid), None)
        guaranteed = chosen is not None
    if chosen is None:
        total = sum(p["win_probability"] for p in eligible)
        r, acc = ctx.app.rng.random() * total, 0.0
        chosen = eligible[-1]
        for p in eligible:
            acc += p["win_probability"]
            if r < acc:
                chosen = p
                break
    if gid and chosen["prize_id"] == gid:
        if g.get("reset_after_trigger", True) or not guaranteed:
            user["consecutive_fail_count"] = 0
    else:
        user["consecutive_fail_count"] += 1
    return chosen, guaranteed


def add_item(s, uid, name, itype, value, source, ref, ts, expires=None):
    s["seq"]["item"] += 1
    iid = s["seq"]["item"]
    s["inventory"][iid] = {"inventory_id": iid, "user_id": uid, "name": name, "type": itype, "value": value,
                           "status": "available", "source_type": source, "reference_id": ref,
                           "acquired_at": ts, "expires_at": expires, "used_at": None,
                           "verification_code": None, "transfer_count": 0, "max_transfers": 3}
    return s["inventory"][iid]


def award_prize(ctx, uid, p, draw_id):
    p["stock_quantity"] -= 1
    p["daily_win_count"] += 1
    if p["prize_type"] == "points":  # 003 L1846-1856 ledger row for a points win
        post_ledger(ctx.s, uid, "earn", p["prize_value"], "lottery_win", "lottery", "抽奖获得",
                    f"抽中{p['prize_name']}", str(draw_id), ctx.now)
    else:
        value = f"{p['prize_value']}元{p['prize_name']}" if p["prize_type"] == "voucher" else p["prize_name"]
        itype = "voucher" if p["prize_type"] == "voucher" else "prize"
        add_item(ctx.s, uid, p["prize_name"], itype, value, "lottery", str(draw_id), ctx.now, ctx.now + 30 * 86400)


def h_draw(ctx):  # 003 L1587-1678 (steps L1611-1621, answer L1623-1651, 403 L1654-1666, errors L1668-1678)
    s, user = ctx.s, ctx.user
    c = resolve_draw_campaign(ctx)
    if not has_campaign_permission(user, c["campaign_id"]):  # 003 L1614-1616, L5639-5690 (scenario 3)
        raise ApiError("NO_CAMPAIGN_PERMISSION",
                       data={"campaign_code": c["campaign_code"], "campaign_name": c["campaign_name"]})
    raw = ctx.body.get("draw_count", 1)
    n = int_field(raw, "INVALID_DRAW_COUNT")
    if not 1 <= n <= 10:  # 003 L1603 "默认1，最大10", L4933 INVALID_DRAW_COUNT
        raise ApiError("INVALID_DRAW_COUNT")
    uid, day = user["user_id"], bj_day(ctx.now)
    today = sum(1 for d in s["draws"] if d["user_id"] == uid and d["campaign_id"] == c["campaign_id"]
                and bj_day(d["created_ts"]) == day)
    if today + n > c["max_draws_per_day"]:
        raise ApiError("MAX_DRAWS_EXCEEDED", f"今日抽奖次数已达上限{c['max_draws_per_day']}次",
                       {"max_draws_per_day": c["max_draws_per_day"], "today_draws": today})
    cost, balance = c["draw_cost"] * n, s["accounts"][uid]["available_points"]
    if balance < cost:  # 003 L5138-5143 message format
        raise ApiError("INSUFFICIENT_POINTS", f"积分不足，需要{cost}积分，当前{balance}积分",
                       {"required_points": cost, "current_points": balance})
    won = []
    for _ in range(n):
        s["seq"]["draw"] += 1
        did = s["seq"]["draw"]
        post_ledger(s, uid, "consume", c["draw_cost"], "lottery_draw", "lottery", "抽奖消耗",
                    f"消耗{c['draw_cost']}积分参与抽奖", str(did), ctx.now)
        p, guaranteed = pick_prize(ctx, user, c)
        award_prize(ctx, uid, p, did)
        s["draws"].append({"draw_id": did, "user_id": uid, "campaign_id": c["campaign_id"],
                           "campaign_name": c["campaign_name"], "prize_id": p["prize_id"],
                           "prize_name": p["prize_name"], "prize_type": p["prize_type"],
                           "prize_value": p["prize_value"], "points_cost": c["draw_cost"],
                           "guaranteed": guaranteed, "created_ts": ctx.now})
        pub = public_prize(p)  # draw result keys (003 L1633-1647)
        won.append({k: pub[k] for k in ("id", "name", "type", "icon", "rarity", "display_value")})
    return ok("抽奖成功", {"success": True, "campaign_code": c["campaign_code"], "prizes": won,
                          "remaining_balance": s["accounts"][uid]["available_points"], "draw_count": n},
              "DRAW_SUCCESS")


def h_history(ctx):  # 003 L1680-1725 (self unless admin, L1693)
    uid = ctx.path_user_id()
    page, limit = ctx.paging()
    rows = [d for d in reversed(ctx.s["draws"]) if d["user_id"] == uid]
    part, pag = paginate(rows, page, limit)
    keys = ("draw_id", "campaign_id", "campaign_name", "prize_id", "prize_name", "prize_type", "points_cost")
    recs = [{**{k: d[k] for k in keys}, "created_at": iso(d["created_ts"])} for d in part]
    return ok("抽奖历史获取成功", {"records": recs, "pagination": pag}, "HISTORY_SUCCESS")


# ----------------------------------------------------------------------------------------------
# Points handlers — 003 L1759-2053
# ----------------------------------------------------------------------------------------------
def account_of(ctx, uid):
    acc = ctx.s["accounts"].get(uid)
    if acc is None:
        raise ApiError("POINTS_ACCOUNT_NOT_FOUND")
    return acc


def h_balance(ctx):  # 003 L1761-1815
    uid = ctx.path_user_id()
    acc = account_of(ctx, uid)
    return ok("积分余额查询成功", {"user_id": uid, "available_points": acc["available_points"],
                                "total_earned": acc["total_earned"], "total_consumed": acc["total_consumed"],
                                "timestamp": iso()})


def h_transactions(ctx):  # 003 L1817-1880 (pagination uses "pages", L1871-1876)
    uid = ctx.path_user_id()
    account_of(ctx, uid)
    page, limit = ctx.paging()
    ttype = ctx.q("type")
    if ttype and ttype not in ("earn", "consume"):
        raise ApiError("INVALID_PARAMETER", "交易类型无效")
    rows = [t for t in reversed(ctx.s["ledger"]) if t["user_id"] == uid and (not ttype or t["transaction_type"] == ttype)]
    part, pag = paginate(rows, page, limit, "pages")
    keys = ("transaction_id", "transaction_type", "points_amount", "balance_after", "business_type",
            "source_type", "title", "description")
    txs = [{**{k: t[k] for k in keys}, "transaction_time": iso(t["transaction_time"])} for t in part]
    return ok("积分交易记录查询成功", {"user_id": uid, "transactions": txs, "pagination": pag, "timestamp": iso()})


def h_admin_adjust(ctx):  # 003 L1882-1930 (admin L1905; +amount addPoints, -amount consumePoints L1907)
    ctx.require_admin()
    body = ctx.body
    if body.get("user_id") in (None, "") or body.get("amount") in (None, "") or not body.get("reason"):
        raise ApiError("MISSING_PARAMETER", "user_id、amount、reason为必需参数")
    uid, amount = int_field(body["user_id"]), int_field(body["amount"], "INVALID_POINTS_AMOUNT")
    if amount == 0:
        raise ApiError("INVALID_POINTS_AMOUNT")
    if uid not in ctx.s["users"]:
        raise ApiError("USER_NOT_FOUND")
    acc = account_of(ctx, uid)
    atype, reason = str(body.get("type") or "admin_adjust"), str(body["reason"])
    if amount < 0 and acc["available_points"] < -amount:
        raise ApiError("INSUFFICIENT_BALANCE", data={"current_points": acc["available_points"]})
    post_ledger(ctx.s, uid, "earn" if amount > 0 else "consume", abs(amount), atype, "admin", "管理员调整",
                reason, str(ctx.user["user_id"]), ctx.now)
    return ok("积分调整成功", {"user_id": uid, "adjustment": {"amount": amount, "type": atype, "reason": reason,
                                                          "admin_id": ctx.user["user_id"], "timestamp": iso()},
                              "new_balance": acc["available_points"]})


def h_campaign_assign(ctx):  # 003 L5692-5740 (campaign-permissions.js:21-125); inventory §3.9
    ctx.require_admin()
    body = ctx.body
    if body.get("user_id") in (None, "") or body.get("campaign_id") in (None, ""):
        raise ApiError("MISSING_PARAMETER", "user_id和campaign_id为必需参数")
    uid, cid = int_field(body["user_id"]), int_field(body["campaign_id"])
    u = ctx.s["users"].get(uid)
    if not u or u["status"] != "active":  # 用户验证: exists and active
        raise ApiError("USER_NOT_FOUND")
    role = f"campaign_{cid}"
    if role not in ROLE_UUIDS:  # 角色查找: the role row campaign_{id} must exist
        raise ApiError("ROLE_NOT_FOUND")
    if role not in u["roles"]:
        u["roles"].append(role)
    return ok("活动权限分配成功", {"user": {"user_id": uid, "mobile": u["mobile"], "nickname": u.get("nickname")},
                              "campaign": {"campaign_id": cid, "role_name": role}, "action": "created",
                              "assigned_by": ctx.user["user_id"], "assigned_at": iso()}, code="ASSIGN_SUCCESS")


def h_user_statistics(ctx):  # 003 L1961-2053
    uid = ctx.path_user_id()
    s, u = ctx.s, ctx.s["users"].get(uid)
    if not u:
        raise ApiError("USER_NOT_FOUND")
    acc, month = s["accounts"][uid], bj_month(ctx.now)
    draws = [d for d in s["draws"] if d["user_id"] == uid]
    exch = [e for e in s["exchanges"].values() if e["user_id"] == uid and e["status"] != "cancelled"]
    ups = [p for p in s["uploads"].values() if p["user_id"] == uid]
    items = [i for i in s["inventory"].values() if i["user_id"] == uid]
    approved = sum(1 for p in ups if p["review_status"] == "approved")
    used = sum(1 for i in items if i["status"] == "used")
    last = max([u["last_login"] or 0] + [d["created_ts"] for d in draws])
    in_month = lambda ts: bj_month(ts) == month  # noqa: E731
    stats = {
        "user_id": uid, "account_created": iso(u["created_at"]), "last_activity": iso(last) if last else None,
        "login_count": u["login_count"],
        "points": {"current_balance": acc["available_points"], "total_earned": acc["total_earned"],
                   "total_consumed": acc["total_consumed"],
                   "month_earned": sum(t["points_amount"] for t in s["ledger"] if t["user_id"] == uid
                                       and t["transaction_type"] == "earn" and in_month(t["transaction_time"]))},
        "lottery": {"total_count": len(draws), "month_count": sum(1 for d in draws if in_month(d["created_ts"])),
                    "last_draw": iso(draws[-1]["created_ts"]) if draws else None},
        "exchange": {"total_count": len(exch), "total_points": sum(e["points_cost"] for e in exch),
                     "month_count": sum(1 for e in exch if in_month(e["created_ts"]))},
        "upload": {"total_count": len(ups), "approved_count": approved, "approval_rate": pct(approved, len(ups)),
                   "month_count": sum(1 for p in ups if in_month(p["uploaded_ts"]))},
        "inventory": {"total_count": len(items), "available_count": sum(1 for i in items if i["status"] == "available"),
                      "used_count": used, "usage_rate": pct(used, len(items))},
        "achievements": [  # 003 L2023-2039
            {"id": "first_lottery", "name": "初试身手", "description": "完成第一次抽奖",
             "unlocked": len(draws) >= 1, "category": "lottery"},
            {"id": "lottery_enthusiast", "name": "抽奖达人", "description": "完成10次抽奖",
             "unlocked": len(draws) >= 10, "category": "lottery"}],
    }
    return ok("用户统计数据获取成功", {"statistics": stats, "timestamp": iso()})


# ----------------------------------------------------------------------------------------------
# Inventory / exchange handlers — 003 L2057-2463; also under /api/v4/inventory (003 L6487-6495, L997)
# ----------------------------------------------------------------------------------------------
def item_view(i, now):  # sanitizeInventory public (003 L2089-2113)
    expired = bool(i["expires_at"] and i["expires_at"] < now)
    status = "expired" if expired and i["status"] == "available" else i["status"]
    return {"id": i["inventory_id"], "name": i["name"], "type": i["type"], "icon": ITEM_ICONS.get(i["type"], "🎁"),
            "value": i["value"], "status": status, "expires_at": iso(i["expires_at"]) if i["expires_at"] else None,
            "acquired_at": iso(i["acquired_at"]),
            "expiring_soon": bool(i["expires_at"] and not expired and i["expires_at"] - now < 7 * 86400),
            "can_use": status == "available", "can_transfer": status == "available" and i["transfer_count"] < i["max_transfers"],
            "transfer_count": i["transfer_count"]}


def h_inventory_user(ctx):  # 003 L2059-2161 ("只能查询自己的库存", L2077)
    uid = ctx.path_user_id(self_or_admin=False)
    page, limit = ctx.paging()
    status, itype = ctx.q("status"), ctx.q("type")
    views = [item_view(i, ctx.now) for i in sorted(ctx.s["inventory"].values(), key=lambda i: -i["inventory_id"])
             if i["user_id"] == uid]
    chosen = [v for v in views if (not status or v["status"] == status) and (not itype or v["type"] == itype)]
    part, pag = paginate(chosen, page, limit)
    summary = {"total_items": len(views), "available_items": sum(v["status"] == "available" for v in views),
               "used_items": sum(v["status"] == "used" for v in views),
               "expired_items": sum(v["status"] == "expired" for v in views)}
    return ok("库存列表获取成功", {"items": part, "pagination": pag, "summary": summary, "timestamp": iso()})


def product_view(p):  # sanitizeExchangeProducts public (003 L2277-2297)
    pts = p["exchange_points"]
    value = "基础价值商品" if pts < 300 else ("中等价值商品" if pts < 1000 else "高价值商品")
    pop = "high" if p["total_exchanges"] >= 10 else ("medium" if p["total_exchanges"] >= 3 else "low")
    return {"id": p["product_id"], "name": p["name"], "category": p["category"], "space": p["space"],
            "exchange_points": pts, "image": p["image"], "available": p["stock"] > 0,
            "value_description": value, "rating": p["rating"], "popularity": pop}


def h_products(ctx):  # 003 L2248-2312 (conditions space, category, stock > 0: L2266)
    page, limit = ctx.paging()
    space, cat = ctx.q("space"), ctx.q("category")
    rows = [p for p in sorted(ctx.s["products"].values(), key=lambda p: p["product_id"])
            if p["status"] == "active" and p["stock"] > 0
            and (not space or space == "both" or p["space"] in (space, "both"))
            and (not cat or p["category"] == cat)]
    part, pag = paginate(rows, page, limit)
    active = [p for p in ctx.s["products"].values() if p["status"] == "active"]
    filters = {"spaces": sorted({p["space"] for p in active if p["space"] != "both"}),
               "categories": sorted({p["category"] for p in active})}
    return ok("兑换商品列表获取成功", {"products": [product_view(p) for p in part], "pagination": pag,
                                   "filters": filters, "timestamp": iso()})


def h_exchange(ctx):  # 003 L2314-2381 (transaction L2338-2344; errors L2374-2379); :productId variant L6319
    s, uid, body = ctx.s, ctx.user["user_id"], ctx.body
    raw_pid = ctx.params.get("productId", body.get("product_id"))
    if raw_pid in (None, ""):
        raise ApiError("MISSING_PARAMETER", "product_id为必需参数")
    pid, qty = int_field(raw_pid), int_field(body.get("quantity", 1))
    if qty < 1:
        raise ApiError("INVALID_PARAMETER", "兑换数量无效")
    p = s["products"].get(pid)
    if not p or p["status"] != "active":
        raise ApiError("PRODUCT_NOT_FOUND")
    if p["stock"] < qty:
        raise ApiError("PRODUCT_OUT_OF_STOCK", data={"stock_available": p["stock"] > 0})
    cost, balance = p["exchange_points"] * qty, s["accounts"][uid]["available_points"]
    if balance < cost:
        raise ApiError("INSUFFICIENT_POINTS", f"积分不足，需要{cost}积分，当前{balance}积分",
                       {"required_points": cost, "current_points": balance})
    s["seq"]["exchange"] += 1
    eid = s["seq"]["exchange"]
    post_ledger(s, uid, "consume", cost, "product_exchange", "exchange", "兑换商品", f"兑换{p['name']} x{qty}",
                str(eid), ctx.now)
    p["stock"] -= qty
    p["total_exchanges"] += qty
    item = add_item(s, uid, p["name"], "exchange", f"{p['exchange_points']}积分商品", "exchange", str(eid), ctx.now)
    s["exchanges"][eid] = {"exchange_id": eid, "user_id": uid, "product_id": pid, "product_name": p["name"],
                           "quantity": qty, "points_cost": cost, "status": "pending", "tracking_number": None,
                           "notes": None, "inventory_id": item["inventory_id"], "created_ts": ctx.now,
                           "completed_ts": None, "updated_ts": ctx.now}
    return ok("兑换成功", {
        "exchange": {"exchange_id": eid, "product_id": pid, "product_name": p["name"], "quantity": qty,
                     "points_cost": cost, "status": "pending", "created_at": iso(ctx.now)},
        "inventory_item": {"id": item["inventory_id"], "name": item["name"], "type": "exchange", "status": "available"},
        "remaining_points": s["accounts"][uid]["available_points"]})


def h_exchange_records(ctx):  # 003 L2383-2426
    page, limit = ctx.paging()
    status, uid = ctx.q("status"), ctx.user["user_id"]
    rows = [e for e in sorted(ctx.s["exchanges"].values(), key=lambda e: -e["exchange_id"])
            if e["user_id"] == uid and (not status or e["status"] == status)]
    part, pag = paginate(rows, page, limit)
    recs = [{"id": e["exchange_id"], "product_name": e["product_name"], "quantity": e["quantity"],
             "points_cost": e["points_cost"], "status": e["status"], "status_text": STATUS_TEXT.get(e["status"], e["status"]),
             "created_at": iso(e["created_ts"]), "can_cancel": e["status"] == "pending"} for e in part]
    return ok("兑换记录获取成功", {"records": recs, "pagination": pag, "timestamp": iso()})


def cancel_exchange(ctx, e):
    """Refund points, restore stock, delete the linked inventory item (003 L2442-2447)."""
    s = ctx.s
    e["status"], e["updated_ts"] = "cancelled", ctx.now
    post_ledger(s, e["user_id"], "earn", e["points_cost"], "exchange_refund", "exchange", "兑换取消退款",
                f"取消兑换{e['product_name']}，退还{e['points_cost']}积分", str(e["exchange_id"]), ctx.now)
    p = s["products"].get(e["product_id"])
    if p:
        p["stock"] += e["quantity"]
        p["total_exchanges"] = max(0, p["total_exchanges"] - e["quantity"])
    s["inventory"].pop(e.get("inventory_id"), None)


def h_exchange_cancel(ctx):  # 003 L2428-2463 (only pending, L2441)
    try:
        eid = int(ctx.params["id"])
    except ValueError:
        raise ApiError("EXCHANGE_NOT_FOUND")
    e = ctx.s["exchanges"].get(eid)
    if not e or e["user_id"] != ctx.user["user_id"]:
        raise ApiError("EXCHANGE_NOT_FOUND")
    if e["status"] != "pending":
        raise ApiError("EXCHANGE_CANNOT_CANCEL")
    cancel_exchange(ctx, e)
    return ok("兑换已取消，积分已退还", {"exchange_id": eid, "refunded_points": e["points_cost"],
                                     "new_balance": ctx.s["accounts"][e["user_id"]]["available_points"]})


# ----------------------------------------------------------------------------------------------
# Photo handlers — 003 L2547-2810 (unified-engine, file field "image", L2563-2571) and
# /api/v4/photo/* (003 L6516-6523; file field "photo", formData user_id/business_type/category, L939-946)
# ----------------------------------------------------------------------------------------------
def parse_multipart(raw, content_type):
    m = re.search(r'boundary=(?:"([^"]+)"|([^;\s]+))', content_type or "", re.I)
    if not m:
        raise ApiError("NO_IMAGE_FILE")
    delim = b"--" + (m.group(1) or m.group(2)).encode()
    fields, files = {}, {}
    for part in raw.split(delim)[1:]:
        if part.startswith(b"--"):
            break
        part = part[2:] if part.startswith(b"\r\n") else part
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        content = content[:-2] if content.endswith(b"\r\n") else content
        hdrs = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            k, _, v = line.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        disp = hdrs.get("content-disposition", "")
        name = re.search(r'(?:^|;)\s*name="([^"]*)"', disp)
        fname = re.search(r'(?:^|;)\s*filename="([^"]*)"', disp)
        if not name:
            continue
        if fname:
            files.setdefault(name.group(1), []).append(
                {"filename": fname.group(1), "content_type": hdrs.get("content-type", "application/octet-stream").lower(),
                 "data": content})
        else:
            fields[name.group(1)] = content.decode("utf-8", "replace")
    return fields, files


def upload_view(u, *keys):
    out = {}
    for k in keys:
        if k in ("uploaded_at", "reviewed_at"):
            ts = u["uploaded_ts"] if k == "uploaded_at" else u["reviewed_ts"]
            out[k] = iso(ts) if ts else None
        elif k == "user_mobile":
            out[k] = u["user_mobile"]
        else:
            out[k] = u[k]
    return out


def h_upload(ctx, field):  # 003 L2549-2616 (field "image", L2567) / L926-979 + L6516 (field "photo", L941, L6644)
    fields, files = parse_multipart(ctx.raw, ctx.headers.get("Content-Type", ""))
    f = (files.get(field) or [None])[0]
    if f is None:
        raise ApiError("NO_IMAGE_FILE")
    ext = os.path.splitext(f["filename"])[1].lower()
    if f["content_type"] not in IMAGE_MIME and ext not in IMAGE_EXT:
        raise ApiError("INVALID_FILE_TYPE")
    if len(f["data"]) > MAX_FILE:
        raise ApiError("FILE_TOO_LARGE")
    s = ctx.s
    s["seq"]["upload"] += 1
    rid = s["seq"]["upload"]
    digest = hashlib.sha1(f["data"] + str(rid).encode()).hexdigest()[:12]
    ext = ext if ext in IMAGE_EXT else ".jpg"
    base = f"{ctx.app.storage_base}/photos/{bj_day(ctx.now)}/{digest}"
    s["uploads"][rid] = {"resource_id": rid, "user_id": ctx.user["user_id"],
                         "user_mobile": mask_mobile(ctx.user["mobile"]), "original_url": base + ext,
                         "thumbnail_url": base + "_thumb" + ext, "category": fields.get("category", ""),
                         "description": fields.get("description", ""), "business_type": fields.get("business_type"),
                         "file_size": len(f["data"]), "file_name": f["filename"], "review_status": "pending",
                         "reviewed_by": None, "reviewed_ts": None, "rejection_reason": None, "points_awarded": 0,
                         "uploaded_ts": ctx.now, "field": field}
    return ok("图片上传成功，等待审核", {"upload": upload_view(
        s["uploads"][rid], "resource_id", "original_url", "thumbnail_url", "category", "description",
        "review_status", "uploaded_at")})


def h_announcements(ctx):  # 003 L3010-3055: active ones, sanitised (no admin_id, status)
    page, limit = ctx.paging()
    rows = [a for a in reversed(ctx.s.get("announcements", [])) if a["status"] == "active" and a["published_ts"] <= ctx.now]
    if ctx.q("is_important", None) == "true":
        rows = [a for a in rows if a["is_important"]]
    part, pag = paginate(rows, page, limit)
    return ok("系统公告获取成功", {"announcements": [
        {"id": a["announcement_id"], "title": a["title"], "content": a["content"], "is_important": a["is_important"],
         "published_at": iso(a["published_ts"])} for a in part], "pagination": pag})


def h_announcement_create(ctx):  # 003 L4073-4103 (admin)
    ctx.require_admin()
    title, content = ctx.body.get("title"), ctx.body.get("content")
    if not isinstance(title, str) or not title or not isinstance(content, str) or not content:
        raise ApiError("INVALID_PARAMETER", "标题和内容不能为空")
    seq = ctx.s["seq"]
    seq["announcement"] = seq.get("announcement", 0) + 1
    a = {"announcement_id": seq["announcement"], "title": title, "content": content,
         "is_important": bool(ctx.body.get("is_important")), "status": "active", "admin_id": ctx.user["user_id"],
         "published_ts": ctx.now, "created_ts": ctx.now}
    ctx.s.setdefault("announcements", []).append(a)
    return ok("公告创建成功", {"announcement": {"announcement_id": a["announcement_id"], "title": title, "status": "active",
                                           "published_at": iso(a["published_ts"]), "created_at": iso(a["created_ts"])}})


def h_pending_reviews(ctx):  # 003 L2618-2657 (admin)
    ctx.require_admin()
    page, limit = ctx.paging()
    rows = [u for u in sorted(ctx.s["uploads"].values(), key=lambda u: u["resource_id"]) if u["review_status"] == "pending"]
    part, pag = paginate(rows, page, limit)
    images = [upload_view(u, "resource_id", "user_id", "user_mobile", "original_url", "thumbnail_url", "category",
                          "description", "review_status", "uploaded_at") for u in part]
    return ok("待审核图片列表获取成功", {"images": images, "pagination": pag})


def h_review(ctx):  # 003 L2659-2704 (approve → 20 points, L2683)
    ctx.require_admin()
    try:
        u = ctx.s["uploads"].get(int(ctx.params["resourceId"]))
    except ValueError:
        u = None
    if not u:
        raise ApiError("IMAGE_NOT_FOUND")
    status, reason = ctx.body.get("status"), ctx.body.get("rejection_reason")
    if status not in ("approved", "rejected"):
        raise ApiError("INVALID_PARAMETER", "审核状态必须为approved或rejected")
    if u["review_status"] != "pending":
        raise ApiError("IMAGE_ALREADY_REVIEWED")
    if status == "rejected" and not reason:
        raise ApiError("MISSING_PARAMETER", "拒绝时必须填写拒绝原因")
    u.update(review_status=status, reviewed_by=ctx.user["user_id"], reviewed_ts=ctx.now,
             rejection_reason=reason if status == "rejected" else None)
    if status == "approved" and u["user_id"] in ctx.s["accounts"]:
        u["points_awarded"] = ctx.app.review_points
        post_ledger(ctx.s, u["user_id"], "earn", u["points_awarded"], "photo_approved", "photo", "图片审核通过奖励",
                    f"上传图片审核通过，奖励{u['points_awarded']}积分", str(u["resource_id"]), ctx.now)
    return ok("图片审核完成", {"review": {"resource_id": u["resource_id"], "review_status": status,
                                       "reviewed_by": u["reviewed_by"], "reviewed_at": iso(ctx.now),
                                       "points_awarded": u["points_awarded"]}})


def h_my_uploads(ctx):  # 003 L2706-2750
    page, limit = ctx.paging()
    st = ctx.q("review_status")
    rows = [u for u in sorted(ctx.s["uploads"].values(), key=lambda u: -u["resource_id"])
            if u["user_id"] == ctx.user["user_id"] and (not st or u["review_status"] == st)]
    part, pag = paginate(rows, page, limit)
    ups = [upload_view(u, "resource_id", "original_url", "thumbnail_url", "category", "description", "review_status",
                       "uploaded_at", "reviewed_at", "points_awarded") for u in part]
    return ok("上传历史获取成功", {"uploads": ups, "pagination": pag})


def h_my_stats(ctx):  # 003 L2752-2782 (level every 10 uploads: 20 uploads → level 2, 10 to go, L2769-2777)
    ups = [u for u in ctx.s["uploads"].values() if u["user_id"] == ctx.user["user_id"]]
    cnt = {k: sum(1 for u in ups if u["review_status"] == k) for k in ("pending", "approved", "rejected")}
    return ok("上传统计信息获取成功", {"statistics": {
        "total_uploads": len(ups), "pending_count": cnt["pending"], "approved_count": cnt["approved"],
        "rejected_count": cnt["rejected"], "approval_rate": pct(cnt["approved"], cnt["approved"] + cnt["rejected"]),
        "total_points_awarded": sum(u["points_awarded"] for u in ups), "upload_level": len(ups) // 10,
        "next_level_uploads": 10 - len(ups) % 10}})


def h_photo_delete(ctx):  # 003 L2784-2810 (owner or admin; answer has no data, L2803-2808)
    try:
        u = ctx.s["uploads"].get(int(ctx.params["id"]))
    except ValueError:
        u = None
    if not u:
        raise ApiError("IMAGE_NOT_FOUND")
    if u["user_id"] != ctx.user["user_id"] and not ctx.is_admin():
        raise ApiError("PERMISSION_DENIED")
    del ctx.s["uploads"][u["resource_id"]]
    return {"success": True, "message": "图片删除成功"}


# ----------------------------------------------------------------------------------------------
# Admin handlers — 003 L3361-4030 (all require role_level >= 100, L3363)
# ----------------------------------------------------------------------------------------------
def shares(groups, key_name):
    total = sum(groups.values())
    return [{key_name: k, "amount": v, "percentage": pct(v, total)} for k, v in sorted(groups.items(), key=lambda x: -x[1])]


def h_stats_today(ctx):  # 003 L3365-3555
    ctx.require_admin()
    s, now = ctx.s, ctx.now
    day = bj_day(now)
    today = lambda ts: ts is not None and bj_day(ts) == day  # noqa: E731
    users = list(s["users"].values())
    new_users = sum(1 for u in users if today(u["created_at"]))
    draws = [d for d in s["draws"] if today(d["created_ts"])]
    players = {d["user_id"] for d in draws}
    dist = {}
    for d in draws:
        dist.setdefault(d["prize_id"], [d["prize_name"], 0])[1] += 1
    winners = {}
    for d in draws:
        w = winners.setdefault(d["user_id"], {"draw_count": 0, "win_value": 0})
        w["draw_count"] += 1
        w["win_value"] += d["prize_value"]
    led = [t for t in s["ledger"] if today(t["transaction_time"])]
    earned = sum(t["points_amount"] for t in led if t["transaction_type"] == "earn")
    consumed = sum(t["points_amount"] for t in led if t["transaction_type"] == "consume")
    earn_src, cons_src = {}, {}
    for t in led:
        g = earn_src if t["transaction_type"] == "earn" else cons_src
        g[t["business_type"]] = g.get(t["business_type"], 0) + t["points_amount"]
    ups = [u for u in s["uploads"].values() if today(u["uploaded_ts"])]
    reviewed = [u for u in s["uploads"].values() if today(u["reviewed_ts"])]
    appr = sum(1 for u in reviewed if u["review_status"] == "approved")
    ex = [e for e in s["exchanges"].values() if today(e["created_ts"])]
    pop = {}
    for e in ex:
        p = pop.setdefault(e["product_id"], {"product_id": e["product_id"], "product_name": e["product_name"],
                                             "exchange_count": 0, "points_spent": 0})
        p["exchange_count"] += e["quantity"]
        p["points_spent"] += e["points_cost"]
    items = list(s["inventory"].values())
    calls = ctx.app.calls_today()
    stats = {
        "date": day, "timestamp": iso(now),
        "users": {"new_users": new_users, "active_users": sum(1 for u in users if today(u["last_login"])),
                  "total_users": len(users), "growth_rate": "%.2f" % (100.0 * new_users / max(1, len(users) - new_users))},
        "lottery": {"total_draws": len(draws), "participants": len(players),
                    "average_draws": round(len(draws) / len(players), 1) if players else 0,
                    "prize_distribution": [{"prize_id": pid, "prize_name": v[0], "win_count": v[1],
                                            "win_percentage": pct(v[1], len(draws))} for pid, v in sorted(dist.items())],
                    "top_winners": [{"user_id": uid, "mobile": mask_mobile(s["users"][uid]["mobile"]), **w}
                                    for uid, w in sorted(winners.items(), key=lambda x: -x[1]["win_value"])[:10]]},
        "points": {"total_earned": earned, "total_consumed": consumed, "net_growth": earned - consumed,
                   "avg_per_user": (earned - consumed) // max(1, len({t["user_id"] for t in led})),
                   "earning_sources": shares(earn_src, "source"), "consumption_types": shares(cons_src, "type")},
        "uploads": {"total_uploads": len(ups), "pending_review": sum(1 for u in s["uploads"].values() if u["review_status"] == "pending"),
                    "approved": appr, "rejected": len(reviewed) - appr, "approval_rate": pct(appr, len(reviewed)),
                    "avg_review_time": int(sum(u["reviewed_ts"] - u["uploaded_ts"] for u in reviewed) / 60 / len(reviewed)) if reviewed else 0},
        "exchanges": {"total_orders": len(ex), "total_points": sum(e["points_cost"] for e in ex),
                      "pending_orders": sum(1 for e in ex if e["status"] == "pending"),
                      "completed_orders": sum(1 for e in ex if e["status"] == "completed"),
                      "popular_products": sorted(pop.values(), key=lambda p: -p["exchange_count"])},
        "inventory": {"items_used": sum(1 for i in items if today(i["used_at"])), "items_transferred": 0,
                      "items_expired": sum(1 for i in items if i["expires_at"] and today(i["expires_at"]) and i["expires_at"] < now),
                      "active_items": sum(1 for i in items if i["status"] == "available")},
        "feedback": {"new_feedback": 0, "resolved": 0, "pending": 0, "avg_response_time": 0},
        "system": {"api_calls": calls["count"], "error_rate": pct(calls["errors"], calls["count"]),
                   "avg_response_time": calls["avg_ms"], "peak_concurrent_users": calls["peak"]},
    }
    return ok("今日统计数据获取成功", {"statistics": stats})


def h_admin_exchanges(ctx):  # 003 L3948-3995
    ctx.require_admin()
    page, limit = ctx.paging()
    status, uid = ctx.q("status"), ctx.q("user_id")
    rows = [e for e in sorted(ctx.s["exchanges"].values(), key=lambda e: -e["exchange_id"])
            if (not status or e["status"] == status) and (not uid or str(e["user_id"]) == uid)]
    part, pag = paginate(rows, page, limit)
    out = [{"exchange_id": e["exchange_id"], "user_id": e["user_id"],
            "user_mobile": mask_mobile(ctx.s["users"].get(e["user_id"], {}).get("mobile", "")),
            "product_id": e["product_id"], "product_name": e["product_name"], "quantity": e["quantity"],
            "points_cost": e["points_cost"], "status": e["status"], "created_at": iso(e["created_ts"])} for e in part]
    return ok("兑换订单列表获取成功", {"exchanges": out, "pagination": pag})


def h_campaign_status(ctx):  # 003 L3755-3790 (admin; status active|inactive)
    ctx.require_admin()
    try:
        c = ctx.s["campaigns"].get(int(ctx.params["campaignId"]))
    except ValueError:
        c = None
    if not c:
        raise ApiError("CAMPAIGN_NOT_FOUND")
    status = ctx.body.get("status")
    if status not in ("active", "inactive"):
        raise ApiError("INVALID_PARAMETER")
    c["status"] = status
    return ok("活动状态更新成功", {"campaign_id": c["campaign_id"], "status": status, "updated_at": iso(ctx.now)})


def h_admin_exchange_status(ctx):  # 003 L3997-4030
    ctx.require_admin()
    try:
        e = ctx.s["exchanges"].get(int(ctx.params["exchangeId"]))
    except ValueError:
        e = None
    if not e:
        raise ApiError("EXCHANGE_NOT_FOUND")
    body = ctx.body
    status = body.get("status")
    if status not in ("completed", "cancelled"):
        raise ApiError("INVALID_PARAMETER", "状态必须为completed或cancelled")
    if e["status"] != "pending":
        raise ApiError("EXCHANGE_CANNOT_CANCEL" if status == "cancelled" else "INVALID_REQUEST",
                       "订单状态不可变更" if status == "completed" else None)
    if status == "cancelled":
        cancel_exchange(ctx, e)
    else:
        e.update(status="completed", completed_ts=ctx.now, updated_ts=ctx.now)
    if body.get("tracking_number"):
        e["tracking_number"] = str(body["tracking_number"])
    if body.get("notes"):
        e["notes"] = str(body["notes"])
    return ok("订单状态更新成功", {"exchange_id": e["exchange_id"], "status": e["status"],
                                "tracking_number": e["tracking_number"], "updated_at": iso(ctx.now)})


def h_health(ctx):  # /health: 002 L146-150 names it without a shape; shape of 003 L3164-3185 (system/status)
    return ok("系统状态获取成功", {"status": "healthy", "version": "5.1.0", "server_time": iso()})


# ----------------------------------------------------------------------------------------------
# Routing table: (method, pattern, handler, auth). auth: None | "user"
# ----------------------------------------------------------------------------------------------
def build_routes():
    r = [
        ("GET", "/health", h_health, None),
        ("POST", UE + "/auth/login", h_login, None),
        ("POST", UE + "/auth/quick-login", h_quick_login, None),
        ("POST", UE + "/auth/refresh", h_refresh, None),
        ("GET", UE + "/auth/profile", h_profile, "user"),
        ("POST", UE + "/auth/verify", h_verify, "user"),
        ("POST", UE + "/auth/logout", h_logout, "user"),
        ("GET", UE + "/lottery/campaigns", h_campaigns, "user"),
        ("GET", UE + "/lottery/prizes/:campaignCode", h_prizes, "user"),
        ("GET", UE + "/lottery/config/:campaignCode", h_config, "user"),
        ("POST", UE + "/lottery/draw", h_draw, "user"),
        ("GET", UE + "/lottery/history/:user_id", h_history, "user"),
        ("GET", UE + "/points/balance/:user_id", h_balance, "user"),
        ("GET", UE + "/points/transactions/:user_id", h_transactions, "user"),
        ("POST", UE + "/points/admin/adjust", h_admin_adjust, "user"),
        ("POST", UE + "/admin/campaign-permissions/assign", h_campaign_assign, "user"),
        ("GET", UE + "/points/user/statistics/:user_id", h_user_statistics, "user"),
        ("GET", UE + "/admin/statistics/today", h_stats_today, "user"),
        ("GET", UE + "/admin/exchanges", h_admin_exchanges, "user"),
        ("PUT", UE + "/admin/exchanges/:exchangeId/status", h_admin_exchange_status, "user"),
        ("PUT", UE + "/admin/lottery/campaigns/:campaignId/status", h_campaign_status, "user"),
        ("POST", UE + "/inventory/exchange/:productId", h_exchange, "user"),  # utils/api.js variant (003 L6319)
        ("GET", "/api/v4/system/announcements", h_announcements, "user"),
        ("POST", UE + "/admin/announcements", h_announcement_create, "user"),
    ]
    for pre in (UE + "/inventory", "/api/v4/inventory"):  # 003 L2057ff and L6487-6495
        r += [("GET", pre + "/user/:user_id", h_inventory_user, "user"),
              ("GET", pre + "/products", h_products, "user"),
              ("POST", pre + "/exchange", h_exchange, "user"),
              ("GET", pre + "/exchange-records", h_exchange_records, "user"),
              ("POST", pre + "/exchange-records/:id/cancel", h_exchange_cancel, "user")]
    for pre, field in ((UE + "/photo", "image"), ("/api/v4/photo", "photo")):  # 003 L2567 / L941, L6644
        r += [("POST", pre + "/upload", lambda ctx, f=field: h_upload(ctx, f), "user"),
              ("GET", pre + "/pending-reviews", h_pending_reviews, "user"),
              ("POST", pre + "/review/:resourceId", h_review, "user"),
              ("GET", pre + "/my-uploads", h_my_uploads, "user"),
              ("GET", pre + "/my-stats", h_my_stats, "user"),
              ("DELETE", pre + "/:id", h_photo_delete, "user")]
    table = []
    for method, pattern, handler, auth in r:
        rx = "^" + re.sub(r":(\w+)", r"(?P<\1>[^/]+)", re.escape(pattern).replace("\\:", ":")) + "/?$"
        table.append((method, re.compile(rx), pattern, handler, auth))
    return table


# ----------------------------------------------------------------------------------------------
# Application: state + lock, auth, rate limit, faults, counters.
# ----------------------------------------------------------------------------------------------
class App:
    def __init__(self, args):
        self.lock = threading.RLock()
        self.args, self.seed_kind = args, args.seed
        self.jwt = Jwt(args.jwt_secret)
        self.access_ttl, self.refresh_ttl = args.access_ttl, args.refresh_ttl
        self.expires_in = args.expires_in  # 003 L1229/L1290/L1337: "expires_in": 604800 (7天)
        self.verification_code = args.verification_code
        self.review_points, self.storage_base = args.review_points, args.storage_base.rstrip("/")
        self.routes = build_routes()
        self.reset()

    def reset(self):
        with self.lock:
            self.rng = random.Random(self.args.random_seed)
            self.state = seed_state(self.seed_kind, time.time())
            self.faults, self.fault_log = [], []
            self.received, self.committed, self.reads = {}, {}, {}
            self.rate = {"max": self.args.rate_limit, "window_ms": self.args.rate_window_ms, "hits": {}}
            self.calls = {"day": bj_day(time.time()), "count": 0, "errors": 0, "ms": 0.0, "peak": 0, "inflight": 0}

    # -- metrics for admin/statistics/today
    def calls_today(self):
        c = self.calls
        return {"count": c["count"], "errors": c["errors"], "avg_ms": int(c["ms"] / c["count"]) if c["count"] else 0,
                "peak": c["peak"]}

    def inflight(self, delta):
        with self.lock:
            c = self.calls
            c["inflight"] += delta
            c["peak"] = max(c["peak"], c["inflight"])

    def note_call(self, status, ms):
        with self.lock:
            c, day = self.calls, bj_day(time.time())
            if c["day"] != day:
                c.update(day=day, count=0, errors=0, ms=0.0, peak=0)
            c["count"] += 1
            c["errors"] += status >= 500
            c["ms"] += ms

    # -- express-rate-limit (003 L552-555: windowMs 15 min, max 1000, message "Too many requests")
    def rate_limited(self, ip):
        with self.lock:
            now, r = time.time() * 1000, self.rate
            start, count = r["hits"].get(ip, (now, 0))
            if now - start >= r["window_ms"]:
                start, count = now, 0
            count += 1
            r["hits"][ip] = (start, count)
            return count > r["max"], max(0, r["max"] - count), int((start + r["window_ms"]) / 1000)

    # -- faults
    def take_fault(self, method, path):
        with self.lock:
            for f in self.faults:
                if f["remaining"] > 0 and f["path_contains"] in path and (not f["method"] or f["method"] == method):
                    f["remaining"] -= 1
                    self.fault_log.append({"mode": f["mode"], "method": method, "path": path, "at": iso()})
                    if f["remaining"] == 0:
                        self.faults.remove(f)
                    return dict(f)
        return None

    # -- authentication (003 L619-628 Bearer header; codes L4903-4906)
    def authenticate(self, ctx):
        auth = ctx.headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            raise ApiError("TOKEN_MISSING")
        try:
            claims = self.jwt.verify(auth[7:].strip())
        except ValueError as e:
            raise ApiError("TOKEN_EXPIRED" if str(e) == "expired" else "TOKEN_INVALID")
        if claims.get("type") != "access" or claims.get("jti") in self.state["revoked_jti"]:
            raise ApiError("TOKEN_INVALID")
        user = self.state["users"].get(claims.get("user_id"))
        if not user:
            raise ApiError("TOKEN_INVALID")
        if user["status"] != "active":
            raise ApiError("USER_INACTIVE")
        ctx.user, ctx.claims = user, claims

    def match(self, method, path):
        allowed = False
        for m, rx, pattern, handler, auth in self.routes:
            mt = rx.match(path)
            if mt:
                if m == method or (method == "HEAD" and m == "GET"):
                    return pattern, handler, auth, mt.groupdict()
                allowed = True
        return None, None, None, allowed

    def dispatch(self, ctx):
        """-> (status, dict | None, route_key | None). Writes are transactional: an error rolls back."""
        pattern, handler, auth, params = self.match(ctx.method, ctx.path)
        if handler is None:
            return 404, None, None
        ctx.params = params
        key = f"{ctx.method} {pattern}"
        write = ctx.method in ("POST", "PUT", "DELETE", "PATCH")
        with self.lock:
            ctx.s = self.state
            snapshot = copy.deepcopy(self.state) if write else None
            if write:
                self.received[key] = self.received.get(key, 0) + 1
            else:
                self.reads[key] = self.reads.get(key, 0) + 1
            try:
                if auth:
                    self.authenticate(ctx)
                payload = handler(ctx)
                if write:
                    self.committed[key] = self.committed.get(key, 0) + 1
                return 200, payload, key
            except ApiError as e:
                if write:
                    self.state = snapshot
                return e.status, error_body(e.code, e.message, e.data), key
            except Exception as e:  # noqa: BLE001 — Express's global error handler (app.js 431-477, 003 L120)
                if write:
                    self.state = snapshot
                sys.stderr.write(f"v4-double: handler error on {key}: {e!r}\n")
                return 500, error_body("INTERNAL_SERVER_ERROR", ERRORS["INTERNAL_SERVER_ERROR"][1]), key

    # -- /__double/ control API
    def load(self, body):
        """Adds rows read from a V4 database (the migration tests feed it what the migrator merged):
        users (user_id, mobile, nickname, status, roles, created_at epoch), accounts {user_id: {...}},
        ledger rows in post_ledger's shape, uploads in the upload handler's shape. Ids are kept; the
        sequences move past them so new rows do not collide."""
        s = self.state
        for u in body.get("users", []):
            uid = int(u["user_id"])
            s["users"][uid] = {"user_id": uid, "mobile": str(u["mobile"]), "nickname": u.get("nickname"),
                               "status": u.get("status") or "active", "roles": list(u.get("roles") or ["user"]),
                               "consecutive_fail_count": 0, "created_at": int(u.get("created_at") or 0),
                               "last_login": None, "login_count": 0}
            s["accounts"].setdefault(uid, {"available_points": 0, "total_earned": 0, "total_consumed": 0})
            s["seq"]["user"] = max(s["seq"]["user"], uid)
        for uid, acc in (body.get("accounts") or {}).items():
            s["accounts"][int(uid)] = {"available_points": int(acc["available_points"]),
                                       "total_earned": int(acc["total_earned"]), "total_consumed": int(acc["total_consumed"])}
        for row in body.get("ledger", []):
            row = dict(row)
            row["transaction_id"] = int(row["transaction_id"])
            row["user_id"] = int(row["user_id"])
            s["ledger"].append(row)
            s["seq"]["tx"] = max(s["seq"]["tx"], row["transaction_id"])
        for up in body.get("uploads", []):
            rid = int(up["resource_id"])
            u = s["users"].get(int(up["user_id"]))
            s["uploads"][rid] = {"resource_id": rid, "user_id": int(up["user_id"]),
                                 "user_mobile": mask_mobile(u["mobile"]) if u else None,
                                 "original_url": up["original_url"], "thumbnail_url": up.get("thumbnail_url"),
                                 "category": up.get("category") or "", "description": up.get("description") or "",
                                 "business_type": None, "file_size": None, "file_name": None,
                                 "review_status": up.get("review_status") or "pending",
                                 "reviewed_by": up.get("reviewed_by"), "reviewed_ts": up.get("reviewed_ts"),
                                 "rejection_reason": up.get("rejection_reason"),
                                 "points_awarded": int(up.get("points_awarded") or 0),
                                 "uploaded_ts": int(up["uploaded_ts"]), "field": "image"}
            s["seq"]["upload"] = max(s["seq"]["upload"], rid)
        return 200, {"ok": True, "users": len(s["users"]), "ledger": len(s["ledger"]), "uploads": len(s["uploads"])}

    def control(self, method, path, body):
        try:
            return self._control(method, path, body)
        except (TypeError, ValueError) as e:
            return 400, {"error": f"bad control request: {e}"}

    def _control(self, method, path, body):
        with self.lock:
            if method == "GET" and path == "/__double/state":
                return 200, self.dump()
            if method != "POST":
                return 404, {"error": "unknown control endpoint"}
            if path == "/__double/reset":
                self.reset()
                return 200, {"ok": True}
            if path == "/__double/fault":
                return self.add_fault(body)
            if path in ("/__double/grant-role", "/__double/revoke-role"):
                u = self.state["users"].get(int(body.get("user_id", 0) or 0))
                role = str(body.get("role") or "")
                if not u or not role:
                    return 400, {"error": "user_id (existing) and role required"}
                if path.endswith("grant-role") and role not in u["roles"]:
                    u["roles"].append(role)
                if path.endswith("revoke-role") and role in u["roles"]:
                    u["roles"].remove(role)
                return 200, {"ok": True, "user_id": u["user_id"], "roles": u["roles"]}
            if path == "/__double/load":
                return self.load(body)
            if path == "/__double/rate-limit":
                self.rate["max"] = int(body.get("max", self.rate["max"]))
                self.rate["window_ms"] = int(body.get("window_ms", self.rate["window_ms"]))
                self.rate["hits"] = {}
                return 200, {"ok": True, "max": self.rate["max"], "window_ms": self.rate["window_ms"]}
            if path == "/__double/mint-token":
                u = self.state["users"].get(int(body.get("user_id", 0) or 0))
                if not u:
                    return 400, {"error": "unknown user_id"}
                now, ttl = int(time.time()), int(body.get("ttl", self.access_ttl))
                typ = body.get("type", "access")
                tok = self.jwt.sign({"user_id": u["user_id"], "mobile": u["mobile"], "role_level": 0, "type": typ,
                                     "jti": uuid.uuid4().hex, "iat": now, "exp": now + ttl})
                return 200, {"token": tok}
            return 404, {"error": "unknown control endpoint"}

    def add_fault(self, body):
        modes = ("html", "truncated", "slow", "reset_after_commit", "reset_before", "plain429", "maintenance")
        if body.get("mode") == "clear":
            self.faults = []
            return 200, {"ok": True, "faults": []}
        if body.get("mode") not in modes:
            return 400, {"error": f"mode must be one of {modes} or 'clear'"}
        f = {"mode": body["mode"], "remaining": int(body.get("count", 1)), "path_contains": str(body.get("path_contains") or ""),
             "method": str(body.get("method") or "").upper(), "delay_ms": int(body.get("delay_ms", 1000))}
        self.faults.append(f)
        return 200, {"ok": True, "faults": self.faults}

    def dump(self):
        s = self.state
        users = [{"user_id": u["user_id"], "mobile": u["mobile"], "nickname": u["nickname"], "status": u["status"],
                  "roles": list(u["roles"]), "role_based_admin": any(role_row(r)["role_level"] >= 100 for r in u["roles"]),
                  "consecutive_fail_count": u["consecutive_fail_count"], "login_count": u["login_count"],
                  **s["accounts"].get(u["user_id"], {})} for u in s["users"].values()]
        conv = lambda rows, tsk: [{**r, **{k: iso(r[k]) for k in tsk if r.get(k)}} for r in rows]  # noqa: E731
        return {
            "users": users, "ledger": conv(s["ledger"], ["transaction_time"]),
            "draws": conv(s["draws"], ["created_ts"]),
            "exchanges": conv(list(s["exchanges"].values()), ["created_ts", "completed_ts", "updated_ts"]),
            "inventory": conv(list(s["inventory"].values()), ["acquired_at", "expires_at", "used_at"]),
            "uploads": conv(list(s["uploads"].values()), ["uploaded_ts", "reviewed_ts"]),
            "campaigns": [{**c, "start_time": iso(c["start_time"]), "end_time": iso(c["end_time"]),
                           "created_at": iso(c["created_at"])} for c in s["campaigns"].values()],
            "prizes": list(s["prizes"].values()), "products": list(s["products"].values()),
            "write_calls": {"received": dict(self.received), "committed": dict(self.committed)},
            "read_calls": dict(self.reads),
            "faults_pending": list(self.faults), "faults_applied": list(self.fault_log),
            "rate_limit": {"max": self.rate["max"], "window_ms": self.rate["window_ms"]},
            "revoked_token_ids": list(s["revoked_jti"]),
        }


# ----------------------------------------------------------------------------------------------
# HTTP layer
# ----------------------------------------------------------------------------------------------
NGINX_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
             b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def express_404(method, path):
    """finalhandler's default 404 page (Express 4)."""
    res = quote(path, safe="/!$&'()*+,;=:@-._~%")
    res = res.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
            f"<body>\n<pre>Cannot {method} {res}</pre>\n</body>\n</html>\n").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "v4-double"
    sys_version = ""

    def log_message(self, fmt, *args):
        if self.server.app.args.verbose:
            sys.stderr.write("v4-double: " + (fmt % args) + "\n")

    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send_response(self, code, message=None):  # Express sends Date but no Server header
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def send(self, status, body, ctype, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, extra=None):
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        self.send(status, body, "application/json; charset=utf-8", extra)

    def reset_connection(self):
        """Abort with a TCP RST and no response."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def handle_any(self):
        app, started = self.server.app, time.time()
        url = urlsplit(self.path)
        path, method = url.path or "/", self.command
        if path.startswith("/__double/"):
            raw = self.read_body()
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            status, obj = app.control(method, path, body if isinstance(body, dict) else {})
            return self.send_json(status, obj)
        if method == "OPTIONS":  # cors() preflight, optionsSuccessStatus 200 (003 L544)
            self.read_body()
            return self.send(200, b"", "text/plain; charset=utf-8", {
                "Access-Control-Allow-Origin": self.headers.get("Origin") or "*",
                "Access-Control-Allow-Credentials": "true",
                "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE"})
        fault = app.take_fault(method, path)
        if fault and fault["mode"] == "reset_before":
            return self.reset_connection()
        raw = self.read_body()
        if fault and fault["mode"] == "html":
            return self.send(502, NGINX_502, "text/html", {"Server": "nginx"})
        if fault and fault["mode"] == "plain429":
            return self.send(429, TOO_MANY.encode(), "text/plain; charset=utf-8")
        if fault and fault["mode"] == "maintenance":
            code = "SYSTEM_MAINTENANCE"
            return self.send_json(503, error_body(code, ERRORS[code][1]))
        if fault and fault["mode"] == "slow":
            time.sleep(fault["delay_ms"] / 1000.0)
        limited, remaining, reset_at = app.rate_limited(self.client_address[0])
        rl_headers = {"X-RateLimit-Limit": str(app.rate["max"]), "X-RateLimit-Remaining": str(remaining),
                      "X-RateLimit-Reset": str(reset_at)}
        if limited:  # 003 L552-555
            return self.send(429, TOO_MANY.encode(), "text/plain; charset=utf-8", rl_headers)
        ctx = Ctx(app, method, path, parse_qs(url.query), {}, self.headers, raw, self.client_address[0])
        app.inflight(+1)
        try:
            status, obj, _key = app.dispatch(ctx)
        finally:
            app.inflight(-1)
        app.note_call(status, (time.time() - started) * 1000)
        if fault and fault["mode"] == "reset_after_commit":
            return self.reset_connection()
        if obj is None:
            body, ctype = express_404(method, path), "text/html; charset=utf-8"
            rl_headers.update({"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"})
        else:
            body, ctype = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode(), "application/json; charset=utf-8"
        if fault and fault["mode"] == "truncated":
            return self.send(200, body[: max(1, len(body) // 2)], ctype, rl_headers)
        self.send(status, body, ctype, rl_headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv=None):
    ap = argparse.ArgumentParser(description="V4 unified-engine test double (from seed doc 003)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--seed", choices=("default", "none", "demo"), default="default",
                    help="demo: the embedded core's `serve --demo` data set (see seed_demo)")
    ap.add_argument("--rate-limit", type=int, default=1000, help="requests per window per IP (003: 1000)")
    ap.add_argument("--rate-window-ms", type=int, default=15 * 60 * 1000, help="003: 15 minutes")
    ap.add_argument("--jwt-secret", default="v4-double-secret")
    ap.add_argument("--access-ttl", type=int, default=86400, help="seconds (003: 24h)")
    ap.add_argument("--refresh-ttl", type=int, default=7 * 86400, help="seconds (003: 7d)")
    ap.add_argument("--expires-in", type=int, default=604800, help="value reported as expires_in (003 examples)")
    ap.add_argument("--verification-code", default="123456", help="003: dev universal code")
    ap.add_argument("--review-points", type=int, default=20, help="003 L2683: 20 points per approved photo")
    ap.add_argument("--storage-base", default="https://sealos.xxx")
    ap.add_argument("--random-seed", type=int, default=None)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    server = Server(("127.0.0.1", args.port), Handler)
    server.app = App(args)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(str(port))
        os.replace(tmp, args.port_file)
    print(f"v4-double listening on 127.0.0.1:{port}", flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
