package dev.ganforge.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Refuses with 429 a request from a client address that already has
 * {@code ganforge.web.max-requests-per-client} requests in progress, before its body is
 * read: 230 connections each sending 4 bytes of a 100-byte body held every worker thread
 * and left the liveness probe unanswered for 40 s. A valve rather than a servlet filter:
 * only Tomcat can be told not to drain the refused request's body, which would hold the
 * thread until the client's next byte or {@code server.tomcat.connection-timeout}; the
 * connection is closed instead. Health probes are neither counted nor refused, so they
 * answer while one client misbehaves.
 */
final class ClientLimitValve extends ValveBase {

	private final int limit;

	private final String healthPath;

	private final ConcurrentMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	ClientLimitValve(int limit, String healthPath) {
		super(true);
		this.limit = limit;
		this.healthPath = healthPath;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		// Null for a request Tomcat refused while parsing it: it reports that itself.
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		String path = (uri != null && context != null && uri.startsWith(context)) ? uri.substring(context.length())
				: uri;
		if (path == null || path.equals(this.healthPath) || path.startsWith(this.healthPath + "/")) {
			getNext().invoke(request, response);
			return;
		}
		String client = String.valueOf(request.getRemoteAddr());
		AtomicInteger count = this.inProgress.compute(client, (key, current) -> {
			AtomicInteger counter = (current != null) ? current : new AtomicInteger();
			counter.incrementAndGet();
			return counter;
		});
		try {
			if (count.get() > this.limit) {
				refuse(request, response);
				return;
			}
			getNext().invoke(request, response);
		}
		finally {
			this.inProgress.computeIfPresent(client,
					(key, counter) -> (counter.decrementAndGet() == 0) ? null : counter);
		}
	}

	private void refuse(Request request, Response response) throws IOException {
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		response.setStatus(429);
		response.setHeader("Retry-After", "1");
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		PrintWriter writer = response.getWriter();
		writer.write("{\"type\":\"" + Problems.type("too-many-requests")
				+ "\",\"title\":\"Too many requests\",\"status\":429,\"detail\":\"This client has " + this.limit
				+ " requests in progress already (ganforge.web.max-requests-per-client); wait for them to finish.\"}");
		response.finishResponse();
	}

	/**
	 * Requests in progress per client, for tests.
	 * @param client the client's address
	 * @return how many
	 */
	int inProgress(String client) {
		AtomicInteger count = this.inProgress.get(client);
		return (count != null) ? count.get() : 0;
	}

}
