package org.bounceguard.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script returning an integer, run by its digest ({@code EVALSHA}: the body crosses the
 * network only when Redis does not know it yet, e.g. after a restart).
 */
final class RedisScript {
    private final String body;
    private volatile String digest;

    RedisScript(String body) {
        this.body = body;
    }

    long run(RedisCommands<String, String> commands, String[] keys, String... arguments) {
        String sha = digest;
        if (sha == null) {
            sha = commands.digest(body);
            digest = sha;
        }
        try {
            Long result = commands.evalsha(sha, ScriptOutputType.INTEGER, keys, arguments);
            return result;
        } catch (RedisNoScriptException e) {
            Long result = commands.eval(body, ScriptOutputType.INTEGER, keys, arguments);
            return result;
        }
    }
}
