package org.bounceguard.redis;

import java.util.List;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script returning an integer or an array, run by its digest ({@code EVALSHA}: the body crosses the
 * network only when Redis does not know it yet, e.g. after a restart).
 */
final class RedisScript {
    private final String body;
    private volatile String digest;

    RedisScript(String body) {
        this.body = body;
    }

    long run(RedisCommands<String, String> commands, String[] keys, String... arguments) {
        Long result = run(commands, ScriptOutputType.INTEGER, keys, arguments);
        return result;
    }

    /** The script's array answer (its integers as {@code Long}, its strings as {@code String}). */
    List<Object> runForList(RedisCommands<String, String> commands, String[] keys, String... arguments) {
        return run(commands, ScriptOutputType.MULTI, keys, arguments);
    }

    private <T> T run(RedisCommands<String, String> commands, ScriptOutputType type, String[] keys, String... arguments) {
        String sha = digest;
        if (sha == null) {
            sha = commands.digest(body);
            digest = sha;
        }
        try {
            return commands.evalsha(sha, type, keys, arguments);
        } catch (RedisNoScriptException e) {
            return commands.eval(body, type, keys, arguments);
        }
    }
}
