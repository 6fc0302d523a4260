package dev.gitops.haproxy.cli;
public class Main { public static void main(String[] a) {} }
