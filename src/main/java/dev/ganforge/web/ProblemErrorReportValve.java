package dev.ganforge.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's error page for what it refuses before the application sees the request (a URL
 * that normalises above the root, an illegal character), written as an RFC 9457 problem
 * instead of Tomcat's HTML. Errors inside the application never get here: the advice and
 * {@link ProblemErrorController} answer those.
 *
 * <p>
 * Public, with a public constructor, because Tomcat may instantiate its host's error
 * report valve by class name.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail = (status == 400)
				? "The request cannot be processed: its URL or headers are malformed (for example a path that "
						+ "climbs above the root, or a character that must be percent-encoded)."
				: "The request cannot be processed (" + status + " " + title + ").";
		String body = "{\"type\":\"" + Problems.type(ProblemDetailsAdvice.kindOf(status)) + "\",\"title\":\"" + title
				+ "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away: nothing to report to
		}
	}

}
