package dev.ganforge.models;

import java.util.List;

/**
 * One page of the model list.
 *
 * @param content the models on this page, by name
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalElements models in all
 * @param totalPages pages in all
 */
record ModelPage(List<ModelStatus> content, int page, int size, long totalElements, int totalPages) {

	static ModelPage of(List<ModelStatus> all, int page, int size) {
		long from = Math.min((long) page * size, all.size());
		int to = (int) Math.min(from + size, all.size());
		int totalPages = (all.size() + size - 1) / size;
		return new ModelPage(all.subList((int) from, to), page, size, all.size(), totalPages);
	}

}
