package dev.ganforge.web;

import java.util.List;

/**
 * One page of a list resource ({@code GET /models}, {@code GET /jobs}).
 *
 * @param <T> the element type
 * @param content the elements on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalElements elements in all
 * @param totalPages pages in all
 */
public record Page<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

	/**
	 * The page of a whole, ordered list.
	 * @param <T> the element type
	 * @param all every element, in order
	 * @param page the page number, from 0
	 * @param size elements per page, at least 1
	 * @return the page; empty past the end
	 */
	public static <T> Page<T> of(List<T> all, int page, int size) {
		long from = Math.min((long) page * size, all.size());
		int to = (int) Math.min(from + size, all.size());
		int totalPages = (all.size() + size - 1) / size;
		return new Page<>(List.copyOf(all.subList((int) from, to)), page, size, all.size(), totalPages);
	}

}
