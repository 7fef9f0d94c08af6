package dev.ganforge.web;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * A request body over {@code ganforge.web.max-body-size}: 413, kind
 * {@code payload-too-large}.
 */
class PayloadTooLargeException extends ErrorResponseException {

	PayloadTooLargeException(DataSize limit) {
		super(HttpStatus.PAYLOAD_TOO_LARGE, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
				"Payload too large", "The request body is larger than the limit of " + describe(limit) + "."), null);
	}

	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

}
