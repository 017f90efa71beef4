package org.interphase;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The class dependency graph of compiled classes, read from each .class file's constant pool: the classes it
 * names (CONSTANT_Class) and the types in its field, method and call descriptors. Classes outside the folder (the
 * JDK, libraries) are leaves. No bytecode library: the class-file format is stable and the constant pool is all
 * that is needed.
 */
final class ClassGraph {
	/** Class name (dotted) to the classes it references directly. */
	private final Map<String, Set<String>> edges = new TreeMap<>();

	private ClassGraph() {}

	/** Reads every .class file under a classes folder (target/classes). */
	static ClassGraph read(Path classes) throws IOException {
		ClassGraph g = new ClassGraph();
		try (Stream<Path> s = Files.walk(classes)) {
			for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".class"))::iterator) {
				try (InputStream in = Files.newInputStream(f)) {
					g.add(new DataInputStream(new java.io.BufferedInputStream(in)));
				}
			}
		}
		return g;
	}

	Set<String> classes() {
		return edges.keySet();
	}

	Set<String> dependencies(String cls) {
		return edges.getOrDefault(cls, Collections.emptySet());
	}

	/**
	 * The shortest path from {@code from} to a class the predicate accepts (both ends included), following only
	 * classes of this graph; null when there is none.
	 */
	List<String> pathTo(String from, Predicate<String> target) {
		Map<String, String> parent = new HashMap<>();
		Deque<String> queue = new ArrayDeque<>();
		parent.put(from, null);
		queue.add(from);
		while (!queue.isEmpty()) {
			String c = queue.poll();
			for (String d : dependencies(c)) {
				if (parent.containsKey(d)) continue;
				parent.put(d, c);
				if (target.test(d)) {
					List<String> path = new ArrayList<>();
					for (String p = d; p != null; p = parent.get(p)) path.add(p);
					Collections.reverse(path);
					return path;
				}
				if (edges.containsKey(d)) queue.add(d);
			}
		}
		return null;
	}

	private void add(DataInputStream in) throws IOException {
		if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
		in.readUnsignedShort(); // minor
		in.readUnsignedShort(); // major
		int n = in.readUnsignedShort();
		String[] utf8 = new String[n];
		int[] classIndex = new int[n];
		List<Integer> descriptorIndex = new ArrayList<>();
		for (int i = 1; i < n; i++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
				case 1: utf8[i] = in.readUTF(); break;
				case 7: classIndex[i] = in.readUnsignedShort(); break; // Class
				case 16: descriptorIndex.add(in.readUnsignedShort()); break; // MethodType
				case 12: in.readUnsignedShort(); descriptorIndex.add(in.readUnsignedShort()); break; // NameAndType
				case 8: case 19: case 20: in.readUnsignedShort(); break; // String, Module, Package
				case 3: case 4: case 9: case 10: case 11: case 17: case 18: in.readInt(); break;
				case 15: in.readUnsignedByte(); in.readUnsignedShort(); break; // MethodHandle
				case 5: case 6: in.readLong(); i++; break; // Long, Double take two slots
				default: throw new IOException("unknown constant-pool tag " + tag);
			}
		}
		in.readUnsignedShort(); // access
		String self = dotted(utf8[classIndex[in.readUnsignedShort()]]);
		Set<String> deps = new TreeSet<>();
		for (int i = 1; i < n; i++) if (classIndex[i] != 0) addType(utf8[classIndex[i]], deps);
		for (int d : descriptorIndex) addDescriptor(utf8[d], deps);
		in.readUnsignedShort(); // super (a Class entry, already counted)
		int interfaces = in.readUnsignedShort();
		for (int i = 0; i < interfaces; i++) in.readUnsignedShort();
		for (int member = 0; member < 2; member++) { // fields, then methods: their descriptors
			int count = in.readUnsignedShort();
			for (int i = 0; i < count; i++) {
				in.readUnsignedShort();
				in.readUnsignedShort();
				addDescriptor(utf8[in.readUnsignedShort()], deps);
				skipAttributes(in);
			}
		}
		deps.remove(self);
		edges.computeIfAbsent(self, k -> new TreeSet<>()).addAll(deps);
	}

	private static void skipAttributes(DataInputStream in) throws IOException {
		int count = in.readUnsignedShort();
		for (int i = 0; i < count; i++) {
			in.readUnsignedShort();
			int len = in.readInt();
			in.readFully(new byte[len]);
		}
	}

	/** A Class entry: an internal name ("ij/ImagePlus") or an array descriptor ("[Lij/ImagePlus;"). */
	private static void addType(String name, Set<String> deps) {
		if (name.startsWith("[")) addDescriptor(name, deps);
		else deps.add(dotted(name));
	}

	/** Every "Lpkg/Name;" in a field or method descriptor. */
	private static void addDescriptor(String d, Set<String> deps) {
		if (d == null) return;
		for (int i = d.indexOf('L'); i >= 0; i = d.indexOf('L', i)) {
			int end = d.indexOf(';', i);
			if (end < 0) return;
			deps.add(dotted(d.substring(i + 1, end)));
			i = end;
		}
	}

	private static String dotted(String internal) {
		return internal.replace('/', '.');
	}
}
