// Package redisqueue is the hub's job queue and effect log on Redis Streams,
// for hubs that run several processes against one Redis
// (SIGSENTRY_REDIS_URL). It implements pipeline.Queue and pipeline.Effects
// and passes the shared suite in adapters/queuetest.
//
// # How a job travels
//
// EnqueueOnce runs one Lua script that sets the de-duplication marker
// (SET NX PX) and appends the job to the stream (XADD): a delivery is
// accepted once and queued in the same atomic step, so a webhook can be
// acknowledged as soon as the call returns. Workers read new entries with
// XREADGROUP in one consumer group and take over the entries of dead workers
// with XAUTOCLAIM once they have been idle for the lease time. Ack removes
// the entry (XACK + XDEL, so the stream only ever holds unfinished jobs).
// Retry parks the job in a sorted set scored by its due time; the loop in
// Run moves due jobs back to the stream. A job that has been delivered
// MaxAttempts times dead-letters; Revive queues it again.
//
// A lease token names one delivery: the stream entry, the consumer and the
// entry's delivery count. Ack, Retry and Bury check it against the pending
// entries list in the same script that acts, so a worker whose lease ran
// out cannot finish a job that another worker now holds.
//
// # Keys
//
// Every key starts with Options.Prefix. The queue's keys carry the stream
// name as a hash tag ("sigsentry:{jobs}:stream", "…:delayed", "…:dead",
// "…:dedupe:<key>", "…:delayed:<job id>", "…:dead:<job id>") so that the
// scripts, which touch several of them, also run on Redis Cluster. Effects
// live under "<prefix>effects:<key>", one hash per job key.
//
// # Redis in production
//
// The queue is only as durable as Redis. Run it with
//
//	appendonly yes
//	appendfsync everysec
//	maxmemory-policy noeviction
//
// appendonly makes an accepted webhook survive a Redis restart. With
// everysec the AOF reaches the disk once a second, so a crash of the
// machine can lose about the last second of jobs already acknowledged to
// the desk; choose appendfsync always where that matters more than
// throughput. noeviction matters as much: under memory pressure any other
// policy silently drops de-duplication markers or whole streams, and the hub
// would post twice or lose jobs; with noeviction Redis refuses writes
// instead, EnqueueOnce fails and the desk retries the webhook later.
//
// While Redis is down, restarting or refusing writes, EnqueueOnce and Ping
// fail as unavailable in the core's terms: webhooks are answered 503 and
// retried, and /readyz names the queue. A Redis restarted without its data
// loses the consumer group as well; the queue recreates it on the next read
// (NOGROUP), carries on, and logs LostDataMessage once: the jobs that were
// queued are gone. Redis 6.2 or later is needed (XAUTOCLAIM, ZRANGE BYLEX
// REV).
//
// Consumer names need not be unique for correctness (a token also carries
// the delivery count), but each should name one process, so that an idle
// one can be told from a live one: Run deletes consumers that hold no job
// and have not read for ForgetConsumersAfter.
package redisqueue
