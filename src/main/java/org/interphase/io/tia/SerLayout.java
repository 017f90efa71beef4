package org.interphase.io.tia;

import java.util.ArrayList;
import java.util.List;

import org.interphase.io.InputFormatException;
import org.interphase.io.dm.FileBytes;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * Where everything is in a TIA .ser file: the series header, its dimensions, the offsets of the data elements
 * and their tags, and the shape, type and calibration of the first element (every element of a series has the
 * same). Read by the whole-file reader and by the frame-by-frame stream alike; every count and offset the header
 * claims is checked against the file's length before it is used.
 */
final class SerLayout {
	static final class Dim {
		int size;
		double offset, delta;
		String description, units;
	}

	int version;
	int dataType, tagType;
	long total, valid;
	final List<Dim> dims = new ArrayList<>();
	long[] dataOffsets, tagOffsets;
	/** 2D elements (images, patterns) rather than 1D (spectra). */
	boolean image;
	/** Bytes of an element's header before its data. */
	int header;
	double offX, dX, offY, dY = 1;
	int elementType;
	Type type;
	boolean complex;
	int nx, ny = 1;
	/** Values and bytes of one element. */
	long perElement, bytesPerElement;

	static SerLayout read(FileBytes b, String f) throws InputFormatException {
		SerLayout l = new SerLayout();
		long len = b.length();
		if (len < 30) throw new InputFormatException(f + ": TIA .ser shorter than its header");
		if ((b.getShort(0) & 0xffff) != 0x4949 || (b.getShort(2) & 0xffff) != 0x0197) throw new InputFormatException(
			f + ": not a TIA .ser file (wrong byte-order mark or series id)");
		l.version = b.getShort(4) & 0xffff;
		boolean v2 = l.version >= 0x0220;
		l.dataType = b.getInt(6);
		l.tagType = b.getInt(10);
		l.total = b.getInt(14) & 0xffffffffL;
		l.valid = b.getInt(18) & 0xffffffffL;
		long pos = 22;
		long offsetArray = v2 ? b.getLong(22) : (b.getInt(22) & 0xffffffffL);
		pos += v2 ? 8 : 4;
		if (pos + 4 > len) throw trunc(f, pos);
		long ndims = b.getInt(pos) & 0xffffffffL;
		pos += 4;
		if (l.dataType != 0x4120 && l.dataType != 0x4122) throw new InputFormatException(f + ": TIA data type id 0x" +
			Integer.toHexString(l.dataType) + " unknown (at byte 6)");
		if (l.valid > l.total || l.total > len / 8) throw new InputFormatException(f + ": TIA header claims " +
			l.total + " elements (" + l.valid + " valid), more than the file can hold (at byte 14)");
		if (ndims > 8) throw new InputFormatException(f + ": TIA header claims " + ndims + " dimensions (at byte " +
			(pos - 4) + ")");
		for (int i = 0; i < ndims; i++) {
			if (pos + 28 > len) throw trunc(f, pos);
			Dim d = new Dim();
			d.size = b.getInt(pos);
			d.offset = b.getDouble(pos + 4);
			d.delta = b.getDouble(pos + 12);
			int descLen = b.getInt(pos + 24);
			pos += 28;
			if (descLen < 0 || pos + descLen + 4 > len) throw trunc(f, pos);
			d.description = b.latin1(pos, descLen);
			pos += descLen;
			int unitLen = b.getInt(pos);
			pos += 4;
			if (unitLen < 0 || pos + unitLen > len) throw trunc(f, pos);
			d.units = b.latin1(pos, unitLen);
			pos += unitLen;
			if (d.size < 0 || d.size > l.total) throw new InputFormatException(f + ": TIA dimension " + i + " size " +
				d.size + " exceeds the " + l.total + " elements");
			l.dims.add(d);
		}
		int offSize = v2 ? 8 : 4;
		if (offsetArray < pos || offsetArray + 2 * l.total * offSize > len) throw new InputFormatException(f +
			": TIA offset array at " + offsetArray + " lies outside the file");
		l.dataOffsets = new long[(int) l.valid];
		l.tagOffsets = new long[(int) l.valid];
		for (int i = 0; i < l.valid; i++) {
			long at = offsetArray + (long) i * offSize;
			l.dataOffsets[i] = v2 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
		}
		for (int i = 0; i < l.valid; i++) {
			long at = offsetArray + (l.total + i) * offSize;
			l.tagOffsets[i] = v2 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
		}
		if (l.valid == 0) throw new InputFormatException(f + ": TIA series holds no valid element");
		l.element0(b, f, len);
		return l;
	}

	/** The element header of the first element: shape, type and calibration. */
	private void element0(FileBytes b, String f, long len) throws InputFormatException {
		image = dataType == 0x4122;
		long e0 = dataOffsets[0];
		header = image ? 50 : 26;
		if (e0 < 0 || e0 + header > len) throw new InputFormatException(f + ": TIA element 0 at " + e0 +
			" lies outside the file");
		offX = b.getDouble(e0);
		dX = b.getDouble(e0 + 8);
		if (image) {
			offY = b.getDouble(e0 + 20);
			dY = b.getDouble(e0 + 28);
			elementType = b.getShort(e0 + 40);
			nx = b.getInt(e0 + 42);
			ny = b.getInt(e0 + 46);
		}
		else {
			elementType = b.getShort(e0 + 20);
			nx = b.getInt(e0 + 22);
		}
		type = type(elementType);
		if (type == null) throw new InputFormatException(f + ": TIA element data type " + elementType +
			" unknown (at byte " + (e0 + (image ? 40 : 20)) + ")");
		complex = elementType == 9 || elementType == 10;
		if (nx < 1 || ny < 1) throw new InputFormatException(f + ": TIA element size " + nx + "x" + ny);
		perElement = (long) nx * ny;
		// each value takes at least a byte: a size beyond the file is refused before any product can overflow
		bytesPerElement = perElement > len ? Long.MAX_VALUE : perElement * type.bytes * (complex ? 2 : 1);
		if (bytesPerElement > len / valid) throw new InputFormatException(f +
			": TIA elements of " + nx + "x" + ny + " x " + valid + " do not fit in the file (" + len + " bytes)");
	}

	/** Where element {@code i}'s data start; checked to lie inside the file. */
	long dataStart(int i, long len, String f) throws InputFormatException {
		long at = dataOffsets[i] + header;
		if (dataOffsets[i] < 0 || at + bytesPerElement > len) throw new InputFormatException(f + ": TIA element " +
			i + " at byte " + dataOffsets[i] + " runs past the end of the file");
		return at;
	}

	private static Type type(int t) {
		switch (t) {
			case 1: return Type.UINT8;
			case 2: return Type.UINT16;
			case 3: return Type.UINT32;
			case 4: return Type.INT8;
			case 5: return Type.INT16;
			case 6: return Type.INT32;
			case 7: return Type.FLOAT32;
			case 8: return Type.FLOAT64;
			case 9: return Type.FLOAT32; // complex64
			case 10: return Type.FLOAT64; // complex128
			default: return null;
		}
	}

	private static InputFormatException trunc(String f, long pos) {
		return new InputFormatException(f + ": TIA header truncated (at byte " + pos + ")");
	}
}
