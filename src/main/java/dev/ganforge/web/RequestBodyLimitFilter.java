package dev.ganforge.web;

import dev.ganforge.failure.Quote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies over {@code ganforge.web.max-body-size} with 413: at once when
 * the declared {@code Content-Length} is over, and otherwise (a chunked body, or one
 * longer than declared) as soon as more than the limit has been read. The advice turns
 * the {@link BodyTooLargeException} that reading then raises into the 413 problem. A body
 * still arriving {@code ganforge.web.body-read-timeout} after its request began is
 * refused with 408 the same way ({@link BodyTooSlowException}), so a client trickling a
 * byte at a time holds a worker thread for a bounded time. A body with a
 * {@code Content-Encoding} other than {@code identity} is refused with 415, since none is
 * decoded.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final DataSize limit;

	private final Duration timeout;

	private final HandlerExceptionResolver resolver;

	RequestBodyLimitFilter(DataSize limit, Duration timeout, HandlerExceptionResolver resolver) {
		this.limit = limit;
		this.timeout = timeout;
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		boolean hasBody = request.getContentLengthLong() > 0
				|| request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		if (hasBody && encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
			// Read as is, a gzip body was "not valid JSON" and a br one passed for plain.
			ErrorResponseException refusal = new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-encoding",
							"Unsupported content encoding", "Request bodies are read as sent: Content-Encoding "
									+ Quote.safe(encoding, 40) + " is not supported; send the body uncompressed."),
					null);
			refusal.getHeaders().set(HttpHeaders.ACCEPT_ENCODING, "identity");
			this.resolver.resolveException(request, response, null, refusal);
			return;
		}
		if (request.getContentLengthLong() > this.limit.toBytes()) {
			this.resolver.resolveException(request, response, null, new PayloadTooLargeException(this.limit));
			return;
		}
		chain.doFilter(
				new LimitedRequest(request, this.limit, System.nanoTime() + this.timeout.toNanos(), this.timeout),
				response);
	}

	/**
	 * Reading past the body limit. An {@link IOException}, so that it reaches the advice
	 * through the message converter's "not readable" exception.
	 */
	static final class BodyTooLargeException extends IOException {

		private final transient DataSize limit;

		BodyTooLargeException(DataSize limit) {
			super("The request body is larger than the limit of " + PayloadTooLargeException.describe(limit));
			this.limit = limit;
		}

		DataSize limit() {
			return this.limit;
		}

	}

	/**
	 * A body still arriving after {@code ganforge.web.body-read-timeout}; an
	 * {@link IOException} for the same reason as {@link BodyTooLargeException}.
	 */
	static final class BodyTooSlowException extends IOException {

		BodyTooSlowException(Duration timeout) {
			super("The request body did not arrive within " + timeout.toMillis() + " ms");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private final long deadline;

		private final Duration timeout;

		private ServletInputStream stream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, DataSize limit, long deadline, Duration timeout) {
			super(request);
			this.limit = limit;
			this.deadline = deadline;
			this.timeout = timeout;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.limit, this.deadline, this.timeout);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
			}
			return this.reader;
		}

		private Charset charset() {
			String encoding = getCharacterEncoding();
			try {
				return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			}
			catch (IllegalArgumentException ex) {
				return StandardCharsets.UTF_8;
			}
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final DataSize limit;

		private final long deadline;

		private final Duration timeout;

		private long read;

		LimitedStream(ServletInputStream in, DataSize limit, long deadline, Duration timeout) {
			this.in = in;
			this.limit = limit;
			this.deadline = deadline;
			this.timeout = timeout;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			if (System.nanoTime() - this.deadline > 0) {
				throw new BodyTooSlowException(this.timeout);
			}
			this.read += n;
			if (this.read > this.limit.toBytes()) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
