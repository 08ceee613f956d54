package redisqueue

import "github.com/redis/go-redis/v9"

// The scripts make every step that touches more than one key atomic: Redis
// runs a script to its end before any other command, and replicates and
// persists its effects as one transaction. They run with EVALSHA and fall
// back to EVAL after a Redis restart empties the script cache.
//
// Key names that depend on data (a job's hash) are built inside the scripts
// from a prefix argument; they share the stream's hash tag, so the scripts
// stay within one Redis Cluster slot.

// lib is prepended to every script.
const lib = `
local function tomap(flat)
  local m = {}
  for i = 1, #flat, 2 do m[flat[i]] = flat[i + 1] end
  return m
end

-- current reports whether (entry, deliveries, consumer) is the entry's
-- current delivery: still pending, held by consumer, delivered that often.
local function current(stream, group, entry, deliveries, consumer)
  local p = redis.pcall('XPENDING', stream, group, entry, entry, 1)
  if p.err or #p == 0 then return false end
  return p[1][2] == consumer and p[1][4] == tonumber(deliveries)
end

local function fields(stream, entry)
  local e = redis.call('XRANGE', stream, entry, entry)
  if #e == 0 then return nil end
  return tomap(e[1][2])
end

local function finish(stream, group, entry)
  redis.call('XACK', stream, group, entry)
  redis.call('XDEL', stream, entry)
end

local function xadd(stream, f, att, err)
  return redis.call('XADD', stream, '*', 'id', f.id, 'kind', f.kind, 'payload', f.payload,
    'enq', f.enq, 'att', att, 'err', err)
end

-- bury stores the job as dead. The index is ordered by member, which starts
-- with the zero-padded time of death, so ZRANGE BYLEX REV lists newest first.
local function bury(index, prefix, f, att, err, reason, now)
  local key = prefix .. f.id
  local old = redis.call('HGET', key, 'member')
  if old then redis.call('ZREM', index, old) end
  local member = now .. '|' .. f.id
  redis.call('HSET', key, 'id', f.id, 'kind', f.kind, 'payload', f.payload, 'enq', f.enq,
    'att', att, 'err', err, 'reason', reason, 'died', now, 'member', member)
  redis.call('ZADD', index, 0, member)
end
`

// enqueueScript: the marker and the job, or nothing.
// KEYS: dedupe key, stream. ARGV: ttl ms, job id, entry fields….
var enqueueScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
return 1
`)

// claimScript takes over one entry idle for the lease time and returns
// {cursor, entry, deliveries, fields}, or {cursor} when none is due. An
// entry that has used up its attempts by lease expiries (a job that kills
// or hangs its worker) is dead-lettered instead, and the scan goes on.
// KEYS: stream, dead index. ARGV: group, consumer, min idle ms, cursor,
// max attempts, now (padded µs), dead prefix.
var claimScript = redis.NewScript(lib + `
local cursor = ARGV[4]
for _ = 1, 10 do
  local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1)
  cursor = r[1]
  local e = r[2][1]
  if e and not e[2] then
    redis.call('XACK', KEYS[1], ARGV[1], e[1]) -- deleted entry (Redis 6.2)
  elseif e then
    local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
    local deliveries = p[1][4]
    local f = tomap(e[2])
    local att = (tonumber(f.att) or 0) + deliveries
    if att <= tonumber(ARGV[5]) then return {cursor, e[1], deliveries, e[2]} end
    finish(KEYS[1], ARGV[1], e[1])
    bury(KEYS[2], ARGV[7], f, att - 1, f.err,
      'the lease ran out on attempt ' .. (att - 1) .. ' (the worker died or took longer than the lease time)', ARGV[6])
  end
  if cursor == '0-0' then break end
end
return {cursor}
`)

// ackScript: 1 when acked, 0 when the token is stale.
// KEYS: stream. ARGV: group, entry, deliveries, consumer.
var ackScript = redis.NewScript(lib + `
if not current(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]) then return 0 end
finish(KEYS[1], ARGV[1], ARGV[2])
return 1
`)

// retryScript: 1 when queued again, 2 when dead-lettered, 0 when stale.
// A due time already past goes straight back to the stream.
// KEYS: stream, delayed set, dead index. ARGV: group, entry, deliveries,
// consumer, due ms, now ms, max attempts, reason, delayed prefix, dead
// prefix, now (padded µs).
var retryScript = redis.NewScript(lib + `
if not current(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]) then return 0 end
local f = fields(KEYS[1], ARGV[2])
finish(KEYS[1], ARGV[1], ARGV[2])
if not f then return 0 end
local att = tonumber(f.att) + tonumber(ARGV[3])
if att >= tonumber(ARGV[7]) then
  bury(KEYS[3], ARGV[10], f, att, ARGV[8], 'gave up after ' .. att .. ' attempts: ' .. ARGV[8], ARGV[11])
  return 2
end
if tonumber(ARGV[5]) <= tonumber(ARGV[6]) then
  xadd(KEYS[1], f, att, ARGV[8])
  return 1
end
redis.call('HSET', ARGV[9] .. f.id, 'id', f.id, 'kind', f.kind, 'payload', f.payload,
  'enq', f.enq, 'att', att, 'err', ARGV[8])
redis.call('ZADD', KEYS[2], ARGV[5], f.id)
return 1
`)

// buryScript: 1 when dead-lettered, 0 when the token is stale.
// KEYS: stream, dead index. ARGV: group, entry, deliveries, consumer,
// reason, dead prefix, now (padded µs).
var buryScript = redis.NewScript(lib + `
if not current(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]) then return 0 end
local f = fields(KEYS[1], ARGV[2])
finish(KEYS[1], ARGV[1], ARGV[2])
if not f then return 0 end
bury(KEYS[2], ARGV[6], f, tonumber(f.att) + tonumber(ARGV[3]), ARGV[5], ARGV[5], ARGV[7])
return 1
`)

// promoteScript moves up to limit due retries to the stream and returns
// how many it moved. Being one script, two hubs never move a job twice.
// KEYS: delayed set, stream. ARGV: now ms, limit, delayed prefix.
var promoteScript = redis.NewScript(lib + `
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do
  local key = ARGV[3] .. id
  local h = redis.call('HGETALL', key)
  if #h > 0 then
    local f = tomap(h)
    xadd(KEYS[2], f, f.att, f.err)
    redis.call('DEL', key)
  end
  redis.call('ZREM', KEYS[1], id)
end
return #ids
`)

// reviveScript queues a dead job again with no attempts behind it: 1, or 0
// when no such dead job exists.
// KEYS: dead index, stream. ARGV: job id, dead prefix.
var reviveScript = redis.NewScript(lib + `
local key = ARGV[2] .. ARGV[1]
local h = redis.call('HGETALL', key)
if #h == 0 then return 0 end
local f = tomap(h)
xadd(KEYS[2], f, 0, f.err)
redis.call('ZREM', KEYS[1], f.member)
redis.call('DEL', key)
return 1
`)

// forgetScript deletes the group's consumers that hold no entries and have
// not read for min idle, and returns how many. Checking and deleting in one
// script matters: a consumer deleted with entries pending would strand them
// (XAUTOCLAIM no longer sees them).
// KEYS: stream. ARGV: group, min idle ms.
var forgetScript = redis.NewScript(lib + `
local n = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local m = tomap(c)
  if m.pending == 0 and m.idle >= tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], m.name)
    n = n + 1
  end
end
return n
`)
