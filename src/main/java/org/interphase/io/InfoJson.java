package org.interphase.io;

import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/** The {@code info --json} object of the contract: format, signals (dtype, shape, axes), metadata, error. */
public final class InfoJson {
	private InfoJson() {}

	private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().disableHtmlEscaping()
		.create();

	public static JsonObject of(Dataset d, boolean stats) {
		JsonObject o = new JsonObject();
		o.addProperty("source", d.source);
		o.addProperty("format", d.format);
		JsonArray signals = new JsonArray();
		for (Signal s : d.signals()) signals.add(signal(s, stats));
		o.add("signals", signals);
		o.add("metadata", metadata(d.metadata()));
		o.add("error", JsonNull.INSTANCE);
		return o;
	}

	public static JsonObject error(String source, String message) {
		JsonObject o = new JsonObject();
		o.addProperty("source", source);
		o.add("format", JsonNull.INSTANCE);
		o.add("signals", new JsonArray());
		o.add("metadata", new JsonObject());
		o.addProperty("error", message);
		return o;
	}

	static JsonObject signal(Signal s, boolean stats) {
		JsonObject o = new JsonObject();
		o.addProperty("name", s.name);
		o.addProperty("dtype", s.dtype);
		JsonArray shape = new JsonArray();
		for (int n : s.shape()) shape.add(n);
		o.add("shape", shape);
		JsonArray axes = new JsonArray();
		for (Axis a : s.axes()) {
			JsonObject ax = new JsonObject();
			ax.addProperty("name", a.name);
			ax.addProperty("size", a.size);
			ax.add("scale", num(a.scale));
			ax.add("offset", num(a.offset));
			ax.addProperty("units", a.units);
			if (!a.isUniform() && a.size > 0) {
				ax.add("first_value", num(a.value(0)));
				ax.add("last_value", num(a.value(a.size - 1)));
			}
			axes.add(ax);
		}
		o.add("axes", axes);
		if (!s.metadata().isEmpty()) o.add("metadata", metadata(s.metadata()));
		if (stats) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
			long n = 0;
			for (double v : s.data()) {
				if (Double.isNaN(v)) continue;
				if (v < min) min = v;
				if (v > max) max = v;
				sum += v;
				n++;
			}
			o.add("min", num(n == 0 ? Double.NaN : min));
			o.add("max", num(n == 0 ? Double.NaN : max));
			o.add("mean", num(n == 0 ? Double.NaN : sum / n));
		}
		return o;
	}

	static JsonObject metadata(Map<String, Object> md) {
		JsonObject o = new JsonObject();
		for (Map.Entry<String, Object> e : md.entrySet()) o.add(e.getKey(), value(e.getValue()));
		return o;
	}

	static JsonElement value(Object v) {
		if (v == null) return JsonNull.INSTANCE;
		if (v instanceof Number) return num(((Number) v).doubleValue());
		if (v instanceof Boolean) return new JsonPrimitive((Boolean) v);
		if (v instanceof Map) {
			JsonObject o = new JsonObject();
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) o.add(String.valueOf(e.getKey()), value(e.getValue()));
			return o;
		}
		if (v instanceof Iterable) {
			JsonArray a = new JsonArray();
			for (Object x : (Iterable<?>) v) a.add(value(x));
			return a;
		}
		if (v instanceof double[]) {
			JsonArray a = new JsonArray();
			for (double x : (double[]) v) a.add(num(x));
			return a;
		}
		return new JsonPrimitive(v.toString());
	}

	static JsonElement num(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) return JsonNull.INSTANCE;
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return new JsonPrimitive((long) v);
		return new JsonPrimitive(v);
	}

	public static String line(JsonObject o) {
		return GSON.toJson(o);
	}
}
