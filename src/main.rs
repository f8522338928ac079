fn main() {
    println!("meetdoc");
}
