package latentlab.web;

import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.session.SessionCache;

/**
 * Latent Lab keeps no HTTP sessions, yet Javalin opens one for every WebSocket upgrade (it copies the
 * session's attributes into the socket's context), refused upgrades included, and Jetty's default cache
 * kept each one for good: 40,000 upgrade attempts left 40,000 sessions, a quarter of a million ran a
 * 256 MB heap out of memory. Here a session lives only as long as the request that made it (evicted
 * when the request exits, stored nowhere) and no cookie names it.
 */
final class OneRequestSessions {
    private OneRequestSessions() {}

    static void install(SessionHandler sessions) {
        DefaultSessionCache cache = new DefaultSessionCache(sessions);
        cache.setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
        cache.setSaveOnCreate(false);
        cache.setSessionDataStore(new NullSessionDataStore());
        sessions.setSessionCache(cache);
        sessions.setUsingCookies(false);
        sessions.setMaxInactiveInterval(60); // a guard should a request ever keep one: a minute, not for ever
    }

    /** Sessions in memory now (the tests' measure of a leak). */
    static long current(SessionHandler sessions) {
        return sessions.getSessionCache() instanceof DefaultSessionCache cache ? cache.getSessionsCurrent() : -1;
    }
}
